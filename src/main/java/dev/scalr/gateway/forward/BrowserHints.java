package dev.scalr.gateway.forward;

/**
 * What the client says about being a browser: Accept, X-Requested-With, fetch metadata (Sec-Fetch-*), Origin,
 * a WebSocket handshake and Referer. They choose between a redirect to sign-in and a 401, and guard sign-out.
 *
 * @param accept       the Accept header ("" when missing)
 * @param xhr          X-Requested-With: XMLHttpRequest
 * @param fetchSite    the browser's Sec-Fetch-Site (same-origin, same-site, cross-site, none), or null
 * @param originHeader the browser's Origin header as sent, or null (not {@link ForwardedRequest#origin()}, which is
 *                     computed)
 * @param fetchMode    the browser's Sec-Fetch-Mode (navigate, cors, no-cors, same-origin, websocket), or null
 * @param fetchDest    the browser's Sec-Fetch-Dest (document, empty, iframe, ...), or null
 * @param websocket    a WebSocket handshake: Upgrade: websocket or Sec-WebSocket-Key (Traefik drops the hop-by-hop
 *                     Upgrade before forwardAuth; the Sec-WebSocket-* headers survive)
 * @param referer      the Referer header as sent, or null
 */
public record BrowserHints(String accept, boolean xhr, String fetchSite, String originHeader, String fetchMode,
        String fetchDest, boolean websocket, String referer) {

    /** Only Accept and X-Requested-With known (tests and benchmarks). */
    public static BrowserHints of(String accept, boolean xhr) {
        return new BrowserHints(accept, xhr, null, null, null, null, false, null);
    }

    /**
     * A navigation the browser can follow to sign-in. Fetch metadata decides when the browser sends it (Sec-Fetch-Mode
     * navigate to a document: fetch() and XHR say cors/same-origin, WebSockets websocket); without it, Authelia's
     * rule: an HTML-accepting request that is not XHR. Never a WebSocket handshake (no browser follows a redirect there).
     */
    public boolean navigation() {
        if (websocket) {
            return false;
        }
        if (fetchMode != null) {
            return fetchMode.trim().equalsIgnoreCase("navigate")
                    && (fetchDest == null || fetchDest.trim().equalsIgnoreCase("document"));
        }
        return accept.contains("text/html") && !xhr;
    }

    /**
     * A person reads the answer: a navigation of the page or of a frame in it, or without fetch metadata an
     * HTML-accepting request that is not XHR. Such requests get HTML pages; fetch, XHR, WebSockets and API clients
     * get JSON. Unlike {@link #navigation()}, a frame counts, and so does a request carrying Authorization (a
     * browser sends the Basic credential its prompt collected).
     */
    public boolean readsPages() {
        if (websocket) {
            return false;
        }
        if (fetchMode != null) {
            return fetchMode.trim().equalsIgnoreCase("navigate") && (fetchDest == null || document() || framed());
        }
        return accept.contains("text/html") && !xhr;
    }

    /** A navigation inside a frame (Sec-Fetch-Dest iframe or frame): sign-in must open at the top level. */
    public boolean framed() {
        if (fetchDest == null || fetchMode == null || !fetchMode.trim().equalsIgnoreCase("navigate")) {
            return false;
        }
        String dest = fetchDest.trim();
        return dest.equalsIgnoreCase("iframe") || dest.equalsIgnoreCase("frame");
    }

    private boolean document() {
        return fetchDest.trim().equalsIgnoreCase("document");
    }

    /** Sent by a browser: fetch metadata, X-Requested-With, a WebSocket handshake, an HTML Accept or a Referer. */
    public boolean fromBrowser() {
        return fetchMode != null || xhr || websocket || accept.contains("text/html") || referer != null;
    }
}
