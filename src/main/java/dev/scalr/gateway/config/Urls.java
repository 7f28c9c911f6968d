package dev.scalr.gateway.config;

/** Base URLs are configured with or without a trailing slash; paths are appended to the form without. */
public final class Urls {

    private Urls() {
    }

    public static String withoutTrailingSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
