package org.qiandai.web.cases;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.qiandai.campaign.cases.CaseFilter;
import org.qiandai.campaign.cases.CaseFilterOptions;
import org.qiandai.campaign.cases.CaseImports;
import org.qiandai.campaign.cases.CaseQueries;
import org.qiandai.campaign.cases.ImportError;
import org.qiandai.campaign.cases.ImportProgress;
import org.qiandai.campaign.cases.ImportStatus;
import org.qiandai.campaign.cases.ImportSummary;
import org.qiandai.campaign.cases.StoredCase;
import org.qiandai.web.security.WithPageSecurity;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.data.domain.PageImpl;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Pageable;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.verify;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

@WebMvcTest(CasePages.class)
@WithPageSecurity
class CasePagesTests {

    static final Instant AT = Instant.parse("2024-05-01T02:00:00Z");

    @Autowired
    MockMvc mvc;

    @MockitoBean
    CaseQueries cases;

    @MockitoBean
    CaseImports imports;

    @Test
    void sendsStrangersToTheLoginPage() throws Exception {
        for (String page : List.of("/cases", "/cases/import", "/cases/A1")) {
            mvc.perform(get(page))
                    .andExpect(status().is3xxRedirection())
                    .andExpect(redirectedUrl("/login"));
        }
    }

    @Test
    void administratorsAndLeadersDoNotReadVictimRecords() throws Exception {
        for (String role : List.of("ADMIN", "LEADER", "PUBLICITY")) {
            mvc.perform(get("/cases").with(user("someone").roles(role))).andExpect(status().isForbidden());
            mvc.perform(get("/cases/import").with(user("someone").roles(role))).andExpect(status().isForbidden());
            mvc.perform(get("/cases/A1").with(user("someone").roles(role))).andExpect(status().isForbidden());
        }
    }

    @Test
    void listsCasesWithLossInYuanAndTheFilterChoices() throws Exception {
        given(cases.filterOptions()).willReturn(new CaseFilterOptions(List.of("昆都仑区", "青山区"), List.of("刷单返利"), List.of("退休人员")));
        given(cases.find(any(), any())).willReturn(new PageImpl<>(List.of(storedCase("A2024001", "1234567.5")), PageRequest.of(0, 20), 1));

        mvc.perform(get("/cases").with(user("lina").roles("ANALYST")))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("href=\"/cases/A2024001\"")))
                .andExpect(content().string(containsString("1,234,567.50")))
                .andExpect(content().string(containsString("<option value=\"青山区\">青山区</option>")))
                .andExpect(content().string(containsString("共 1 条")));
        verify(cases).find(CaseFilter.none(), PageRequest.of(0, 20));
    }

    @Test
    void passesTheFilterOnAndKeepsItInThePagingLinks() throws Exception {
        given(cases.filterOptions()).willReturn(new CaseFilterOptions(List.of("青山区"), List.of(), List.of()));
        given(cases.find(any(), any())).willAnswer(call -> {
            Pageable pageable = call.getArgument(1);
            return new PageImpl<>(List.of(storedCase("A1", "80000")), pageable, 95);
        });

        mvc.perform(get("/cases").with(user("lina").roles("ANALYST"))
                        .param("district", "青山区").param("fraudType", "").param("from", "2024-01-01")
                        .param("to", "2024-03-31").param("page", "1").param("size", "10"))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("<option value=\"青山区\" selected=\"selected\">")))
                .andExpect(content().string(containsString("80,000")))
                .andExpect(content().string(containsString("第 2 / 10 页")))
                .andExpect(content().string(containsString(
                        "/cases?district=%E9%9D%92%E5%B1%B1%E5%8C%BA&amp;from=2024-01-01&amp;to=2024-03-31&amp;page=2&amp;size=10")));
        verify(cases).find(new CaseFilter("青山区", null, null, LocalDate.of(2024, 1, 1), LocalDate.of(2024, 3, 31), null),
                PageRequest.of(1, 10));
    }

    @Test
    void ignoresABadDateWithANotice() throws Exception {
        given(cases.filterOptions()).willReturn(new CaseFilterOptions(List.of(), List.of(), List.of()));
        given(cases.find(any(), any())).willReturn(new PageImpl<>(List.of(), PageRequest.of(0, 20), 0));

        mvc.perform(get("/cases").with(user("lina").roles("ANALYST")).param("from", "31.03.2024"))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("id=\"bad-date\"")))
                .andExpect(content().string(containsString("没有符合条件的案件")));
        verify(cases).find(CaseFilter.none(), PageRequest.of(0, 20));
    }

    @Test
    void showsOneCaseWithItsImportBatches() throws Exception {
        given(cases.get("A2024001")).willReturn(Optional.of(storedCase("A2024001", "80000")));
        given(imports.find("b1")).willReturn(Optional.of(summary("b1", "包头一季度.xlsx")));

        mvc.perform(get("/cases/A2024001").with(user("lina").roles("ANALYST")))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("案件 A2024001")))
                .andExpect(content().string(containsString("虚假养老投资")))
                .andExpect(content().string(containsString("保健品讲座")))
                .andExpect(content().string(containsString("80,000")))
                .andExpect(content().string(containsString("包头一季度.xlsx")))
                .andExpect(content().string(containsString("2024-05-01 10:00:00")));
    }

    @Test
    void answersNotFoundForAnUnknownCase() throws Exception {
        given(cases.get("nope")).willReturn(Optional.empty());
        mvc.perform(get("/cases/nope").with(user("lina").roles("ANALYST"))).andExpect(status().isNotFound());
    }

    @Test
    void theImportPageOffersThePickerAndThePastImports() throws Exception {
        given(imports.list()).willReturn(List.of(summary("b1", "包头一季度.xlsx")));

        mvc.perform(get("/cases/import").with(user("lina").roles("ANALYST")))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("accept=\".xlsx,.xls,.csv\"")))
                .andExpect(content().string(containsString("action=\"/api/cases/import\"")))
                .andExpect(content().string(containsString("data-poll-url=\"/api/cases/imports/\"")))
                .andExpect(content().string(containsString("src=\"/js/import.js\"")))
                .andExpect(content().string(containsString("包头一季度.xlsx")))
                .andExpect(content().string(not(containsString("style="))));
    }

    @Test
    void theHistoryFragmentIsJustTheTable() throws Exception {
        given(imports.list()).willReturn(List.of(summary("b1", "包头一季度.xlsx")));

        mvc.perform(get("/cases/import/history").with(user("lina").roles("ANALYST")))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("id=\"past-imports\"")))
                .andExpect(content().string(containsString("包头一季度.xlsx")))
                .andExpect(content().string(not(containsString("<html"))));
    }

    @Test
    void speaksEnglishOnRequest() throws Exception {
        given(imports.list()).willReturn(List.of());
        mvc.perform(get("/cases/import").param("lang", "en").with(user("lina").roles("ANALYST")))
                .andExpect(content().string(containsString("Import a case file")))
                .andExpect(content().string(containsString("No import yet.")));
    }

    static StoredCase storedCase(String caseNo, String loss) {
        return new StoredCase(caseNo, LocalDate.of(2024, 3, 5), "青山区", 67, "女", "退休人员", "初中", "虚假养老投资",
                "电话", "保健品讲座", new BigDecimal(loss), null, List.of("b1"), AT, AT);
    }

    static ImportSummary summary(String batchId, String fileName) {
        return new ImportSummary(batchId, fileName, "xlsx", ImportStatus.DONE, "lina", AT, AT.plusSeconds(3),
                5, 4, 0, 0, 1, List.of("备注2"), List.of(new ImportError(6, "受害人年龄", "约四十", "not a whole number")),
                false, new ImportProgress("done", 100, 5), null);
    }
}
