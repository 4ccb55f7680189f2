#ifndef CCURL_SHIM_H
#define CCURL_SHIM_H
// Non-variadic wrappers for curl_easy_setopt / curl_easy_getinfo, which Swift cannot call directly.
#include <curl/curl.h>

typedef size_t (*ccurl_data_cb)(char *ptr, size_t size, size_t nmemb, void *userdata);
/// CURLOPT_XFERINFOFUNCTION's signature; a non-zero return aborts the transfer (CURLE_ABORTED_BY_CALLBACK).
typedef int (*ccurl_xferinfo_cb)(void *userdata, curl_off_t dltotal, curl_off_t dlnow, curl_off_t ultotal, curl_off_t ulnow);

CURLcode ccurl_setopt_long(CURL *handle, CURLoption option, long value);
CURLcode ccurl_setopt_string(CURL *handle, CURLoption option, const char *value);
CURLcode ccurl_setopt_pointer(CURL *handle, CURLoption option, void *value);
CURLcode ccurl_setopt_data_function(CURL *handle, CURLoption option, ccurl_data_cb callback);
CURLcode ccurl_setopt_xferinfo_function(CURL *handle, ccurl_xferinfo_cb callback);
CURLcode ccurl_getinfo_long(CURL *handle, CURLINFO info, long *out);
CURLcode ccurl_getinfo_double(CURL *handle, CURLINFO info, double *out);
CURLcode ccurl_getinfo_string(CURL *handle, CURLINFO info, char **out);
/// Sets a blob option (e.g. CURLOPT_CAINFO_BLOB); curl copies the bytes.
CURLcode ccurl_setopt_blob(CURL *handle, CURLoption option, const void *data, size_t length);
/// The CA bundle path libcurl was built to use by default, or NULL.
const char *ccurl_default_cainfo(void);
CURLMcode ccurl_multi_setopt_long(CURLM *multi, CURLMoption option, long value);

#endif
