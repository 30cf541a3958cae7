/* UTF-8 <-> UTF-16, exact for every scalar value; invalid input becomes U+FFFD, as FileMaker shows it. */
#include "fmw_internal.h"

size_t utf8_to_utf16(const uint8_t *s, size_t len, uint16_t *out)
{
    size_t n = 0, i = 0;
    while (i < len) {
        uint32_t c = s[i], need = 0, min = 0;
        if (c < 0x80) need = 0;
        else if ((c & 0xE0) == 0xC0) { need = 1; c &= 0x1F; min = 0x80; }
        else if ((c & 0xF0) == 0xE0) { need = 2; c &= 0x0F; min = 0x800; }
        else if ((c & 0xF8) == 0xF0) { need = 3; c &= 0x07; min = 0x10000; }
        else { c = 0xFFFD; need = 0; }
        size_t j = 1;
        for (; j <= need; j++) {
            if (i + j >= len || (s[i + j] & 0xC0) != 0x80) break;
            c = (c << 6) | (s[i + j] & 0x3F);
        }
        if (j <= need || c < min || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF)) c = 0xFFFD;
        i += j;
        if (c >= 0x10000) {
            if (out) {
                out[n] = (uint16_t)(0xD800 + ((c - 0x10000) >> 10));
                out[n + 1] = (uint16_t)(0xDC00 + ((c - 0x10000) & 0x3FF));
            }
            n += 2;
        } else {
            if (out) out[n] = (uint16_t)c;
            n++;
        }
    }
    return n;
}

size_t utf16_to_utf8(const uint16_t *u, size_t len, char *out)
{
    size_t n = 0;
    for (size_t i = 0; i < len; i++) {
        uint32_t c = u[i];
        if (c >= 0xD800 && c <= 0xDBFF && i + 1 < len && u[i + 1] >= 0xDC00 && u[i + 1] <= 0xDFFF) {
            c = 0x10000 + ((c - 0xD800) << 10) + (u[i + 1] - 0xDC00);
            i++;
        } else if (c >= 0xD800 && c <= 0xDFFF) {
            c = 0xFFFD; /* a lone surrogate has no UTF-8 form */
        }
        uint8_t b[4];
        size_t k;
        if (c < 0x80) { b[0] = (uint8_t)c; k = 1; }
        else if (c < 0x800) { b[0] = (uint8_t)(0xC0 | (c >> 6)); b[1] = (uint8_t)(0x80 | (c & 0x3F)); k = 2;
        } else if (c < 0x10000) {
            b[0] = (uint8_t)(0xE0 | (c >> 12));
            b[1] = (uint8_t)(0x80 | ((c >> 6) & 0x3F));
            b[2] = (uint8_t)(0x80 | (c & 0x3F));
            k = 3;
        } else {
            b[0] = (uint8_t)(0xF0 | (c >> 18));
            b[1] = (uint8_t)(0x80 | ((c >> 12) & 0x3F));
            b[2] = (uint8_t)(0x80 | ((c >> 6) & 0x3F));
            b[3] = (uint8_t)(0x80 | (c & 0x3F));
            k = 4;
        }
        if (out) for (size_t j = 0; j < k; j++) out[n + j] = (char)b[j];
        n += k;
    }
    return n;
}
