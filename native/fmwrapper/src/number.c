/* Numbers: FileMaker's unformatted number text and GetAsNumber of text. FixPt holds a double here. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "fmw_internal.h"

fmw_fixpt *fixpt_new(double v, int32_t precision)
{
    fmw_fixpt *f = fmw_alloc(sizeof(fmw_fixpt), K_FIXPT);
    if (f) { f->v = v; f->precision = precision; }
    return f;
}

/* Shortest digits that read back as v, at most `precision` decimals; no exponent, no leading zero (".5"). */
void number_to_text(double v, int32_t precision, char *buf, size_t size)
{
    if (v != v || v - v != 0) { snprintf(buf, size, "?"); return; } /* NaN or infinite: FileMaker shows "?" */
    if (precision < 0) precision = 0;
    if (precision > 400) precision = 400;
    char tmp[64];
    int p = 1;
    for (; p < 17; p++) {
        snprintf(tmp, sizeof tmp, "%.*e", p - 1, v);
        if (strtod(tmp, NULL) == v) break;
    }
    snprintf(tmp, sizeof tmp, "%.*e", p - 1, v);
    int exponent = atoi(strchr(tmp, 'e') + 1);
    int decimals = p - 1 - exponent;
    if (decimals < 0) decimals = 0;
    if (decimals > precision) decimals = precision;
    char *s = malloc(420);
    if (!s) { snprintf(buf, size, "?"); return; }
    snprintf(s, 420, "%.*f", decimals, v);
    if (strchr(s, '.')) {
        size_t n = strlen(s);
        while (s[n - 1] == '0') s[--n] = 0;
        if (s[n - 1] == '.') s[--n] = 0;
    }
    const char *out = s;
    if (strcmp(s, "-0") == 0) out = "0";
    else if (strncmp(s, "0.", 2) == 0) out = s + 1;
    else if (strncmp(s, "-0.", 3) == 0) { s[1] = '-'; out = s + 1; }
    snprintf(buf, size, "%s", out);
    free(s);
}

/* GetAsNumber of text: the digits and the first decimal point, other characters ignored; a minus sign before
 * the first digit makes it negative ("$-1,254.50" -> -1254.5). No digit -> empty (false). */
bool text_to_number(const fmw_text *t, double *out)
{
    char *digits = malloc((size_t)t->len + 3);
    if (!digits) { *out = 0; return false; }
    size_t n = 0;
    bool negative = false, point = false, any = false;
    digits[n++] = '0';
    for (uint32_t i = 0; i < t->len; i++) {
        uint16_t c = t->u[i];
        if (c >= '0' && c <= '9') { digits[n++] = (char)c; any = true; }
        else if (c == '.' && !point) { digits[n++] = '.'; point = true; }
        else if (c == '-' && !any) negative = true;
    }
    digits[n] = 0;
    double v = any ? strtod(digits, NULL) : 0;
    free(digits);
    *out = negative ? -v : v;
    return any;
}
