package org.qiandai.campaign.cases;

import java.util.Optional;

import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.stereotype.Service;

/** Reads stored cases. STUB: being implemented. */
@Service
public class CaseQueries {

    /** Cases matching the filter, newest report first. */
    public Page<StoredCase> find(CaseFilter filter, Pageable pageable) {
        throw new UnsupportedOperationException("not yet");
    }

    public Optional<StoredCase> get(String caseNo) {
        throw new UnsupportedOperationException("not yet");
    }

    public long count() {
        throw new UnsupportedOperationException("not yet");
    }

    public CaseFilterOptions filterOptions() {
        throw new UnsupportedOperationException("not yet");
    }
}
