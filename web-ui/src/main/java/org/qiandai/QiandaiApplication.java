package org.qiandai;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** The one bootable application: every module's beans, the pages and the REST API. */
@SpringBootApplication
public class QiandaiApplication {

    public static void main(String[] args) {
        SpringApplication.run(QiandaiApplication.class, args);
    }
}
