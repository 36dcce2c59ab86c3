package io.lightcloud.common.api;

import org.springframework.http.HttpStatus;

final class HttpReasons {
    private HttpReasons() {
    }

    static String phrase(int status) {
        HttpStatus known = HttpStatus.resolve(status);
        return known == null ? "Error" : known.getReasonPhrase();
    }
}
