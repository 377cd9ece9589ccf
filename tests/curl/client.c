/* A libcurl client for crates/calvados/tests/curl.rs: easy-API requests
 * against the test's HTTP server on 127.0.0.1 (port in argv[1]); argv[2] is
 * a port where nothing listens. The output must be the same for the Linux
 * build (static libcurl) and the macOS one (/usr/lib/libcurl.4.dylib). */
#include <curl/curl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct buf {
    char data[65536];
    size_t len;
};

static size_t collect(char *p, size_t size, size_t n, void *user) {
    struct buf *b = user;
    size_t len = size * n;
    if (b->len + len >= sizeof b->data) len = sizeof b->data - 1 - b->len;
    memcpy(b->data + b->len, p, len);
    b->len += len;
    b->data[b->len] = 0;
    return size * n;
}

static const char *port;

static CURLcode request(const char *what, const char *path, void (*setup)(CURL *), struct buf *body,
                        struct buf *headers) {
    char url[256];
    snprintf(url, sizeof url, "http://127.0.0.1:%s%s", port, path);
    CURL *c = curl_easy_init();
    body->len = 0;
    body->data[0] = 0;
    headers->len = 0;
    headers->data[0] = 0;
    curl_easy_setopt(c, CURLOPT_URL, url);
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, collect);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, body);
    curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, collect);
    curl_easy_setopt(c, CURLOPT_HEADERDATA, headers);
    curl_easy_setopt(c, CURLOPT_USERAGENT, "calvados-test/1");
    if (setup) setup(c);
    CURLcode rc = curl_easy_perform(c);
    long code = 0, redirects = 0;
    char *ctype = NULL;
    curl_off_t dl = 0;
    curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &code);
    curl_easy_getinfo(c, CURLINFO_REDIRECT_COUNT, &redirects);
    curl_easy_getinfo(c, CURLINFO_CONTENT_TYPE, &ctype);
    curl_easy_getinfo(c, CURLINFO_SIZE_DOWNLOAD_T, &dl);
    printf("== %s: %s (%d: %s)\n", what, rc == CURLE_OK ? "ok" : "error", (int)rc, curl_easy_strerror(rc));
    printf("status %ld, redirects %ld, type %s, downloaded %ld\n", code, redirects,
           ctype ? ctype : "(none)", (long)dl);
    printf("headers:\n%s", headers->data);
    printf("body:\n%s\n", body->data);
    curl_easy_cleanup(c);
    return rc;
}

static struct curl_slist *hdrs;
static void post(CURL *c) {
    curl_easy_setopt(c, CURLOPT_POSTFIELDS, "name=calvados&x=1%202");
    hdrs = curl_slist_append(NULL, "X-Test: yes please");
    hdrs = curl_slist_append(hdrs, "Accept: text/plain");
    curl_easy_setopt(c, CURLOPT_HTTPHEADER, hdrs);
}
static void follow(CURL *c) { curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 1L); }
static void failonerror(CURL *c) { curl_easy_setopt(c, CURLOPT_FAILONERROR, 1L); }
static void gzip(CURL *c) { curl_easy_setopt(c, CURLOPT_ACCEPT_ENCODING, ""); }
static void head(CURL *c) { curl_easy_setopt(c, CURLOPT_NOBODY, 1L); }

int main(int argc, char **argv) {
    if (argc < 3) return 2;
    port = argv[1];
    printf("global init: %d\n", (int)curl_global_init(CURL_GLOBAL_DEFAULT));
    curl_version_info_data *v = curl_version_info(CURLVERSION_NOW);
    printf("version %s (0x%06x), ssl %s, libz %s\n", v->version, v->version_num,
           v->ssl_version ? v->ssl_version : "(none)", v->libz_version ? v->libz_version : "(none)");
    printf("features: ipv6 %d ssl %d libz %d largefile %d asynchdns %d http2 %d unix-sockets %d\n",
           !!(v->features & CURL_VERSION_IPV6), !!(v->features & CURL_VERSION_SSL),
           !!(v->features & CURL_VERSION_LIBZ), !!(v->features & CURL_VERSION_LARGEFILE),
           !!(v->features & CURL_VERSION_ASYNCHDNS), !!(v->features & CURL_VERSION_HTTP2),
           !!(v->features & CURL_VERSION_UNIX_SOCKETS));
    printf("protocols:");
    for (const char *const *p = v->protocols; *p; p++) printf(" %s", *p);
    printf("\n");
    for (int e = 0; e <= 8; e++) printf("strerror(%d): %s\n", e, curl_easy_strerror((CURLcode)e));

    static struct buf body, headers;
    request("GET /hello", "/hello", NULL, &body, &headers);
    request("POST /echo with headers", "/echo", post, &body, &headers);
    curl_slist_free_all(hdrs);
    request("redirect, not followed", "/redirect", NULL, &body, &headers);
    request("redirect, followed", "/redirect", follow, &body, &headers);
    request("404", "/missing", NULL, &body, &headers);
    request("404 with FAILONERROR", "/missing", failonerror, &body, &headers);
    request("gzip", "/gzip", gzip, &body, &headers);
    request("HEAD", "/hello", head, &body, &headers);

    /* Errors without a server. */
    CURL *c = curl_easy_init();
    char url[256], err[CURL_ERROR_SIZE];
    snprintf(url, sizeof url, "http://127.0.0.1:%s/", argv[2]);
    curl_easy_setopt(c, CURLOPT_URL, url);
    curl_easy_setopt(c, CURLOPT_ERRORBUFFER, err);
    CURLcode rc = curl_easy_perform(c);
    printf("refused: %d %s\n", (int)rc, curl_easy_strerror(rc));
    printf("errbuf mentions the port: %d\n", strstr(err, argv[2]) != NULL);
    curl_easy_setopt(c, CURLOPT_URL, "https://127.0.0.1/");
    rc = curl_easy_perform(c);
    printf("https: %d %s; errbuf: %s\n", (int)rc, curl_easy_strerror(rc), err);
    curl_easy_setopt(c, CURLOPT_URL, "nope://x/");
    rc = curl_easy_perform(c);
    printf("unknown scheme: %d %s\n", (int)rc, curl_easy_strerror(rc));

    char *esc = curl_easy_escape(c, "a b&c/d=é", 0);
    int n = 0;
    char *unesc = curl_easy_unescape(c, esc, 0, &n);
    printf("escape: %s, unescape: %s (%d bytes)\n", esc, unesc, n);
    curl_free(esc);
    curl_free(unesc);
    curl_easy_cleanup(c);

    CURLU *u = curl_url();
    curl_url_set(u, CURLUPART_URL, "http://user@Example.COM:8080/a/../b/./c?q=1#frag", 0);
    char *part;
    curl_url_get(u, CURLUPART_URL, &part, 0);
    printf("url: %s\n", part);
    curl_free(part);
    curl_url_get(u, CURLUPART_HOST, &part, 0);
    printf("host: %s\n", part);
    curl_free(part);
    curl_url_cleanup(u);
    curl_global_cleanup();
    return 0;
}
