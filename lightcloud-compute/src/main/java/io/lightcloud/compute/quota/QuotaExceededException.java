package io.lightcloud.compute.quota;

import io.lightcloud.common.api.ApiException;

/** Nova answers an exceeded quota with 403 and "Quota exceeded for ..."; this carries Nova's wording. */
public class QuotaExceededException extends ApiException {
    public QuotaExceededException(String message) {
        super(403, message);
    }
}
