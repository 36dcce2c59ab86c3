package io.lightcloud.server;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** The controller: every Lightcloud service in one process, over one database. */
@SpringBootApplication(scanBasePackages = "io.lightcloud")
public class LightcloudServer {
    public static void main(String[] args) {
        SpringApplication.run(LightcloudServer.class, args);
    }
}
