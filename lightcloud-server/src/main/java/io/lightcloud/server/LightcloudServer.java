package io.lightcloud.server;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.FullyQualifiedAnnotationBeanNameGenerator;

/**
 * The controller: every Lightcloud service in one process, over one database. Beans are named by their fully
 * qualified class, because services legitimately share simple names (compute's and volume's
 * AvailabilityZoneController).
 */
@SpringBootApplication(scanBasePackages = "io.lightcloud", nameGenerator = FullyQualifiedAnnotationBeanNameGenerator.class)
public class LightcloudServer {
    public static void main(String[] args) {
        SpringApplication.run(LightcloudServer.class, args);
    }
}
