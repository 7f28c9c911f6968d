package dev.scalr.gateway.page;

/**
 * What one page shows a person; every text is escaped when rendered. Optional parts are null when absent.
 *
 * @param user          who is signed in (their username or email)
 * @param signOut       a same-origin path the page's Sign out button POSTs to
 * @param accountUrl    Authentik's user settings, to switch account or see one's groups
 * @param signInUrl     a sign-in link opened at the top level (target="_top"), for a page shown in a frame
 * @param homeUrl       a way back (start again, cancel)
 * @param framable      whether another site may show the page in a frame (never for a page with a confirmation)
 */
public record PageView(int status, String title, String message, String app, String user, String signOut,
        String accountUrl, String signInUrl, String homeUrl, boolean framable) {

    public static PageView of(int status, String title, String message) {
        return new PageView(status, title, message, null, null, null, null, null, null, true);
    }

    public PageView withApp(String app) {
        return new PageView(status, title, message, app, user, signOut, accountUrl, signInUrl, homeUrl, framable);
    }

    public PageView withUser(String user, String signOut, String accountUrl) {
        return new PageView(status, title, message, app, user, signOut, accountUrl, signInUrl, homeUrl, framable);
    }

    public PageView withSignIn(String signInUrl) {
        return new PageView(status, title, message, app, user, signOut, accountUrl, signInUrl, homeUrl, framable);
    }

    public PageView withHome(String homeUrl) {
        return new PageView(status, title, message, app, user, signOut, accountUrl, signInUrl, homeUrl, framable);
    }

    /** A page asking to confirm a POST to {@code action}: never inside another site's frame (clickjacking). */
    public PageView confirming(String action) {
        return new PageView(status, title, message, app, user, action, accountUrl, signInUrl, homeUrl, false);
    }
}
