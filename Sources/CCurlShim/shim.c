#include "CCurlShim.h"

CURLcode ccurl_setopt_long(CURL *handle, CURLoption option, long value) { return curl_easy_setopt(handle, option, value); }
CURLcode ccurl_setopt_string(CURL *handle, CURLoption option, const char *value) { return curl_easy_setopt(handle, option, value); }
CURLcode ccurl_setopt_pointer(CURL *handle, CURLoption option, void *value) { return curl_easy_setopt(handle, option, value); }
CURLcode ccurl_setopt_data_function(CURL *handle, CURLoption option, ccurl_data_cb callback) { return curl_easy_setopt(handle, option, callback); }
CURLcode ccurl_setopt_xferinfo_function(CURL *handle, ccurl_xferinfo_cb callback) { return curl_easy_setopt(handle, CURLOPT_XFERINFOFUNCTION, callback); }
CURLcode ccurl_getinfo_long(CURL *handle, CURLINFO info, long *out) { return curl_easy_getinfo(handle, info, out); }
CURLcode ccurl_getinfo_double(CURL *handle, CURLINFO info, double *out) { return curl_easy_getinfo(handle, info, out); }
CURLcode ccurl_getinfo_string(CURL *handle, CURLINFO info, char **out) { return curl_easy_getinfo(handle, info, out); }
CURLMcode ccurl_multi_setopt_long(CURLM *multi, CURLMoption option, long value) { return curl_multi_setopt(multi, option, value); }
CURLcode ccurl_setopt_blob(CURL *handle, CURLoption option, const void *data, size_t length) {
    struct curl_blob blob = { (void *)data, length, CURL_BLOB_COPY };
    return curl_easy_setopt(handle, option, &blob);
}
const char *ccurl_default_cainfo(void) { return curl_version_info(CURLVERSION_NOW)->cainfo; }
