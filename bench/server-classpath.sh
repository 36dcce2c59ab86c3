# Sourced by the benchmarks that run a test-scope main class of lightcloud-server (run from the repository root).
# server_test_classpath prints the classpath: compiled in the reactor, so it has this checkout's modules
# (target/classes), not installed jars. lightcloud_java_opts prints the JVM flags ./lightcloud up uses
# (JAVA_OPTS_DEFAULT in ./lightcloud), or LIGHTCLOUD_JAVA_OPTS when set.

server_test_classpath() {
    local file
    file=$(mktemp)
    mvn -B -q -o test-compile dependency:build-classpath -pl lightcloud-server -am -Dmdep.includeScope=test \
        -Dmdep.outputFile="$file" >&2
    echo "lightcloud-server/target/test-classes:lightcloud-server/target/classes:$(cat "$file")"
    rm -f "$file"
}

lightcloud_java_opts() {
    echo "${LIGHTCLOUD_JAVA_OPTS:-$(sed -n 's/^JAVA_OPTS_DEFAULT="\(.*\)"$/\1/p' lightcloud)}"
}
