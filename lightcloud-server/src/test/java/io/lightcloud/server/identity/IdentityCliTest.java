package io.lightcloud.server.identity;

import static org.assertj.core.api.Assertions.assertThat;

import io.lightcloud.server.testing.OpenstackCli;
import io.lightcloud.server.testing.ServerTestBase;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The acceptance run of issue 2: the real openstack CLI manages identity on a server on a random port. */
class IdentityCliTest extends ServerTestBase {

    @Test
    void openstackCliManagesIdentity() {
        OpenstackCli cli = OpenstackCli.admin(api().baseUrl(), ADMIN_PASSWORD);

        JsonNode token = cli.json("token", "issue");
        assertThat(token.get("project_id").stringValue()).isNotBlank();
        String tokenId = token.get("id").stringValue();
        cli.ok("token", "revoke", tokenId);
        assertThat(api().get("/lightcloud/v1/session", tokenId).status()).isEqualTo(401);

        JsonNode catalog = cli.json("catalog", "list");
        assertThat(names(catalog, "Type")).contains("identity");

        String project = unique("cli-project");
        JsonNode created = cli.json("project", "create", project, "--description", "made by the CLI");
        assertThat(created.get("name").stringValue()).isEqualTo(project);
        assertThat(names(cli.json("project", "list"), "Name")).contains(project);
        cli.ok("project", "set", project, "--description", "changed");
        assertThat(cli.json("project", "show", project).get("description").stringValue()).isEqualTo("changed");

        String domain = unique("cli-domain");
        cli.json("domain", "create", domain);
        assertThat(names(cli.json("domain", "list"), "Name")).contains(domain);

        String user = unique("cli-user");
        cli.json("user", "create", user, "--password", "first-password", "--project", project);
        assertThat(names(cli.json("user", "list"), "Name")).contains(user);
        assertThat(cli.json("user", "show", user).get("name").stringValue()).isEqualTo(user);
        cli.ok("user", "set", user, "--password", "second-password");

        String group = unique("cli-group");
        cli.json("group", "create", group);
        cli.ok("group", "add", "user", group, user);
        assertThat(cli.ok("group", "contains", "user", group, user).stdout()).contains(user + " in group " + group);

        assertThat(names(cli.json("role", "list"), "Name")).contains("admin", "member", "reader");
        cli.ok("role", "add", "--user", user, "--project", project, "member");
        cli.ok("role", "add", "--group", group, "--project", project, "reader");
        JsonNode assignments = cli.json("role", "assignment", "list", "--names", "--project", project);
        List<String> rows = new ArrayList<>();
        assignments.forEach(a -> rows.add(a.get("Role").stringValue() + " " + a.get("User").stringValue() + " "
                + a.get("Group").stringValue() + " " + a.get("Project").stringValue()));
        assertThat(rows).contains("member " + user + "@Default  " + project + "@Default",
                "reader  " + group + "@Default " + project + "@Default");

        OpenstackCli asUser = OpenstackCli.forUser(api().baseUrl(), user, "second-password", project);
        JsonNode credential = asUser.json("application", "credential", "create", "cli-credential");
        String credentialId = credential.get("id").stringValue();
        String secret = credential.get("secret").stringValue();
        assertThat(secret).isNotBlank();

        Map<String, String> env = new HashMap<>();
        env.put("OS_AUTH_URL", api().baseUrl() + "/identity/v3");
        env.put("OS_AUTH_TYPE", "v3applicationcredential");
        env.put("OS_APPLICATION_CREDENTIAL_ID", credentialId);
        env.put("OS_APPLICATION_CREDENTIAL_SECRET", secret);
        env.put("OS_IDENTITY_API_VERSION", "3");
        OpenstackCli withCredential = cli.withEnvironment(env);
        JsonNode scoped = withCredential.json("token", "issue");
        assertThat(scoped.get("project_id").stringValue()).isEqualTo(created.get("id").stringValue());
        assertThat(names(withCredential.json("project", "list", "--my-projects"), "Name")).contains(project);

        OpenstackCli.Result refused = asUser.run("project", "create", unique("nope"));
        assertThat(refused.exitCode()).isNotZero();
        assertThat(refused.stderr()).contains("403");

        cli.ok("project", "delete", project);
        cli.ok("user", "delete", user);
        cli.ok("group", "delete", group);
        cli.ok("domain", "set", domain, "--disable");
        cli.ok("domain", "delete", domain);
        assertThat(names(cli.json("project", "list"), "Name")).doesNotContain(project);
        assertThat(names(cli.json("user", "list"), "Name")).doesNotContain(user);
    }

    private static List<String> names(JsonNode rows, String column) {
        List<String> names = new ArrayList<>();
        rows.forEach(row -> names.add(row.get(column).stringValue()));
        return names;
    }
}
