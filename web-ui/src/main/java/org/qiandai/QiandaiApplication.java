package org.qiandai;

import java.util.Arrays;

import org.qiandai.campaign.cases.CaseImportBenchmark;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * The one bootable application: every module's beans, the pages and the REST API.
 * {@code bench import …} runs the case import benchmark instead of the server.
 */
@SpringBootApplication
public class QiandaiApplication {

    public static void main(String[] args) throws Exception {
        if (args.length >= 2 && args[0].equals("bench") && args[1].equals("import")) {
            CaseImportBenchmark.main(Arrays.copyOfRange(args, 2, args.length));
            return;
        }
        SpringApplication.run(QiandaiApplication.class, args);
    }
}
