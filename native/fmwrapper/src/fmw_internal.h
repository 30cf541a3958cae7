/* Shared inside the stand-in FMWrapper: object layouts, the _fmxcpt rules, helpers. Not installed. */
#ifndef FMW_INTERNAL_H
#define FMW_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "fmw_host.h"

/* FileMaker's _fmxcpt: { int32 m_vers = 1; int32 m_code = 0 }, passed by reference as the last argument. */
typedef struct fmw_xcpt { int32_t vers; int32_t code; } fmw_xcpt;
enum { FMW_NO_ERR = 0, FMW_BAD_ALLOC = 1, FMW_UNKNOWN = 2 };

/* Every object starts with a tag, so a pointer of the wrong class is refused (kUnknown) instead of misread. */
enum fmw_kind {
    K_TEXT = 0x54455854, K_FIXPT = 0x46495850, K_DATA = 0x44415441, K_DATAVECT = 0x44564543,
    K_BINARY = 0x42494e41, K_QUAD = 0x51554144, K_LOCALE = 0x4c4f4341, K_ENV = 0x454e5656
};

typedef struct fmw_text { uint32_t kind; uint16_t *u; uint32_t len, cap; } fmw_text;
typedef struct fmw_fixpt { uint32_t kind; int32_t precision; double v; } fmw_fixpt;
typedef struct fmw_locale { uint32_t kind; int32_t type; } fmw_locale;
typedef struct fmw_quad { uint32_t kind; uint8_t c[4]; } fmw_quad;
typedef struct fmw_stream { uint8_t type[4]; int32_t open; uint8_t *bytes; uint32_t size, cap; } fmw_stream;
typedef struct fmw_binary { uint32_t kind; int32_t count; fmw_stream *s; } fmw_binary;
typedef struct fmw_data {
    uint32_t kind; int32_t native;
    fmw_text *text; fmw_fixpt *num; fmw_binary *bin; fmw_locale *locale;
} fmw_data;
typedef struct fmw_datavect { uint32_t kind; uint32_t n, cap; fmw_data **items; } fmw_datavect;
typedef struct fmw_env { uint32_t kind; uint64_t session, file; } fmw_env;

/* Data native types (FileMaker's DataType). */
enum { DT_INVALID, DT_TEXT, DT_NUMBER, DT_DATE, DT_TIME, DT_TIMESTAMP, DT_BINARY, DT_BOOLEAN };
#define FMW_SIZE_END 0xFFFFFFFFu

/* _fmxcpt handling: clear on entry, set on failure. A NULL _fmxcpt is tolerated. */
static inline void xok(fmw_xcpt *x) { if (x) x->code = FMW_NO_ERR; }
static inline void xfail(fmw_xcpt *x, int32_t code) { if (x) x->code = code; }
/* A constructor's result: kBadAlloc when obj is NULL. */
static inline void *xmade(void *obj, fmw_xcpt *x) { xok(x); if (!obj) xfail(x, FMW_BAD_ALLOC); return obj; }

/* Allocation with the live count; NULL on failure. */
void *fmw_alloc(size_t size, uint32_t kind);
void fmw_free(void *obj);
/* FM_<Class>_Delete: NULL is a no-op, another class sets kUnknown, else release(obj). */
void fmw_delete(void *obj, uint32_t kind, void (*release)(void *), fmw_xcpt *x);
/* obj when it is non-NULL and of that kind, else NULL. */
void *fmw_as(const void *obj, uint32_t kind);

/* Text helpers used across classes. */
fmw_text *text_new(void);
void text_free(fmw_text *t);
bool text_set(fmw_text *t, const uint16_t *u, uint32_t len);
bool text_set_utf8(fmw_text *t, const char *s, size_t len);
char *text_to_utf8(const fmw_text *t, uint32_t pos, uint32_t size, size_t *out_len); /* malloc'd, NUL-terminated */
int text_compare(const fmw_text *a, const fmw_text *b);

/* UTF conversions (utf.c). */
size_t utf8_to_utf16(const uint8_t *s, size_t len, uint16_t *out); /* out may be NULL to count */
size_t utf16_to_utf8(const uint16_t *u, size_t len, char *out);     /* out may be NULL to count */

/* Numbers and their text (number.c). */
fmw_fixpt *fixpt_new(double v, int32_t precision);
void number_to_text(double v, int32_t precision, char *buf, size_t size);
bool text_to_number(const fmw_text *t, double *out); /* FileMaker's GetAsNumber: false when no digit */

/* BinaryData helpers (binary.c). */
fmw_binary *binary_new(void);
void binary_free(fmw_binary *b);
bool binary_copy(fmw_binary *to, const fmw_binary *from);
bool binary_file_name(const fmw_binary *b, fmw_text *out);
int32_t binary_index(const fmw_binary *b, const uint8_t type[4]);
int32_t binary_add(fmw_binary *b, const uint8_t type[4], const void *bytes, uint32_t size, bool open);

/* Data helpers (data.c). */
fmw_data *data_new(void);
void data_free(fmw_data *d);
bool data_copy(fmw_data *to, const fmw_data *from);

/* Host callbacks (host.c). */
bool fmw_host_copy(fmw_host *out); /* false when no host is installed */

#endif
