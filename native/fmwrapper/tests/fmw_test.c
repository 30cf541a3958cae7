/*
 * Unit test of the stand-in FMWrapper's FM_* semantics, linked against libFMWrapper directly:
 * Text (UTF-16, ranges, search, case, bytes), FixPt, Data conversions, DataVect ownership, BinaryData streams,
 * QuadChar, the _fmxcpt codes, and the object count returning to where it started.
 */
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <wchar.h>
#include "check.h"
#include "fmw_host.h"

typedef struct { int32_t vers, code; } xcpt;
enum { UNKNOWN = 2, ENC_UTF8 = 1, ENC_LATIN1 = 5, DT_TEXT = 1, DT_NUMBER = 2, DT_BINARY = 6, END = -1 };

void *FM_Text_Constructor1(xcpt *);
void FM_Text_Delete(void *, xcpt *);
uint32_t FM_Text_GetSize(const void *, xcpt *);
void FM_Text_Assign(void *, const char *, int32_t, xcpt *);
void FM_Text_AssignUnicodeWithLength(void *, const uint16_t *, uint32_t, xcpt *);
void FM_Text_AssignWide(void *, const wchar_t *, xcpt *);
void FM_Text_GetUnicode(const void *, uint16_t *, uint32_t, uint32_t, xcpt *);
void FM_Text_GetBytes(const void *, char *, uint32_t, uint32_t, uint32_t, int32_t, xcpt *);
uint32_t FM_Text_GetBytesEx(const void *, char *, uint32_t, uint32_t, uint32_t, int32_t, xcpt *);
void FM_Text_AppendText(void *, const void *, uint32_t, uint32_t, xcpt *);
void FM_Text_InsertText(void *, const void *, uint32_t, xcpt *);
void FM_Text_DeleteText(void *, uint32_t, uint32_t, xcpt *);
void FM_Text_SetText(void *, const void *, uint32_t, uint32_t, xcpt *);
uint32_t FM_Text_Find(const void *, const void *, uint32_t, xcpt *);
uint32_t FM_Text_FindPrev(const void *, const void *, uint32_t, xcpt *);
uint32_t FM_Text_FindIgnoringCase(const void *, const void *, uint32_t, xcpt *);
void FM_Text_Lowercase(const void *, xcpt *);
bool FM_Text_operatorLT(const void *, const void *, xcpt *);
void *FM_FixPt_Constructor1(int32_t, int, xcpt *);
void FM_FixPt_Delete(void *, xcpt *);
void FM_FixPt_AssignDouble(void *, double, xcpt *);
int32_t FM_FixPt_AsLong(const void *, xcpt *);
double FM_FixPt_AsFloat(const void *, xcpt *);
int16_t FM_FixPt_Divide(const void *, const void *, void *, xcpt *);
void *FM_Locale_Constructor1(int32_t, xcpt *);
void FM_Locale_Delete(void *, xcpt *);
void *FM_Data_Constructor1(xcpt *);
void FM_Data_Delete(void *, xcpt *);
int16_t FM_Data_SetAsText(void *, const void *, const void *, int32_t, xcpt *);
void FM_Data_SetAsNumber(void *, const void *, int32_t, xcpt *);
void FM_Data_SetBinaryData(void *, const void *, bool, xcpt *);
const void *FM_Data_GetAsText(const void *, xcpt *);
const void *FM_Data_GetAsNumber(const void *, xcpt *);
int32_t FM_Data_GetNativeType(const void *, xcpt *);
bool FM_Data_IsEmpty(const void *, xcpt *);
void *FM_DataVect_Constructor1(xcpt *);
void FM_DataVect_Delete(void *, xcpt *);
void FM_DataVect_PushBack(void *, const void *, xcpt *);
void *FM_DataVect_PopBack(void *, xcpt *);
uint32_t FM_DataVect_Size(const void *, xcpt *);
const void *FM_DataVect_AtAsText(const void *, uint32_t, xcpt *);
void *FM_BinaryData_Constructor1(xcpt *);
void *FM_BinaryData_Constructor2(const void *, xcpt *);
void FM_BinaryData_Delete(void *, xcpt *);
int16_t FM_BinaryData_Add(void *, const void *, uint32_t, void *, xcpt *);
int32_t FM_BinaryData_GetCount(const void *, xcpt *);
int32_t FM_BinaryData_GetIndex(const void *, const void *, xcpt *);
uint32_t FM_BinaryData_GetSize(const void *, int32_t, xcpt *);
int16_t FM_BinaryData_GetData(const void *, int32_t, uint32_t, uint32_t, void *, xcpt *);
bool FM_BinaryData_operatorEQ(const void *, const void *, xcpt *);
bool FM_BinaryData_Remove(void *, const void *, xcpt *);
int16_t FM_BinaryData_AddFNAMData(void *, const void *, xcpt *);
int16_t FM_BinaryData_GetFNAMData(const void *, void *, xcpt *);
void *FM_QuadChar_Constructor2(char, char, char, char, xcpt *);
void FM_QuadChar_Delete(void *, xcpt *);
uint32_t FM_QuadChar_GetMacType(const void *, xcpt *);
uint8_t FM_QuadChar_operatorAR(void *, int, xcpt *);

static xcpt x = { 1, 0 };

static void *text(const char *s) { void *t = FM_Text_Constructor1(&x); FM_Text_Assign(t, s, ENC_UTF8, &x); return t; }

/* The text as UTF-8 in a static buffer. */
static const char *utf8(const void *t)
{
    static char buf[256];
    FM_Text_GetBytes(t, buf, sizeof buf, 0, (uint32_t)END, ENC_UTF8, &x);
    return buf;
}

static void texts(void)
{
    void *t = text("h\xc3\xa9llo \xf0\x9f\x98\x80!"); /* héllo 😀! */
    check(FM_Text_GetSize(t, &x) == 9, "UTF-16 length of a surrogate pair text: %u", FM_Text_GetSize(t, &x));
    uint16_t u[9];
    FM_Text_GetUnicode(t, u, 0, 9, &x);
    check(u[1] == 0xE9 && u[6] == 0xD83D && u[7] == 0xDE00, "UTF-16 units");
    check(strcmp(utf8(t), "h\xc3\xa9llo \xf0\x9f\x98\x80!") == 0, "UTF-8 round trip: %s", utf8(t));
    char small[5];
    FM_Text_GetBytes(t, small, sizeof small, 0, (uint32_t)END, ENC_UTF8, &x);
    check(strcmp(small, "h\xc3\xa9l") == 0, "GetBytes truncates on a character boundary, NUL-terminated");
    char ex[8];
    check(FM_Text_GetBytesEx(t, ex, 3, 0, (uint32_t)END, ENC_UTF8, &x) == 3, "GetBytesEx returns the bytes copied");
    char latin[16];
    FM_Text_GetBytes(t, latin, sizeof latin, 0, 2, ENC_LATIN1, &x);
    check(strcmp(latin, "h\xe9") == 0, "Latin-1 bytes");

    void *o = text("l");
    check(FM_Text_Find(t, o, 0, &x) == 2 && FM_Text_Find(t, o, 4, &x) == 0xFFFFFFFFu, "Find from a position");
    check(FM_Text_FindPrev(t, o, 8, &x) == 3, "FindPrev: %u", FM_Text_FindPrev(t, o, 8, &x));
    void *upper = text("LLO");
    check(FM_Text_FindIgnoringCase(t, upper, 0, &x) == 2 && FM_Text_Find(t, upper, 0, &x) == 0xFFFFFFFFu,
          "case-insensitive search");
    FM_Text_AppendText(t, upper, 1, 1, &x);
    FM_Text_InsertText(t, o, 0, &x);
    FM_Text_DeleteText(t, 7, 2, &x);
    check(strcmp(utf8(t), "lh\xc3\xa9llo !L") == 0, "append, insert, delete (the pair as a unit): %s", utf8(t));
    FM_Text_SetText(t, t, 1, 2, &x);
    check(strcmp(utf8(t), "h\xc3\xa9") == 0, "SetText from itself: %s", utf8(t));
    FM_Text_Lowercase(upper, &x);
    check(strcmp(utf8(upper), "llo") == 0 && FM_Text_operatorLT(o, upper, &x), "Lowercase; raw UTF-16 order");
    FM_Text_AssignWide(t, L"w\U0001F600", &x);
    check(FM_Text_GetSize(t, &x) == 3, "wchar_t (UTF-32) becomes a surrogate pair");
    check(x.code == 0, "no _fmxcpt error so far: %d", x.code);
    FM_Text_Delete(t, &x); FM_Text_Delete(o, &x); FM_Text_Delete(upper, &x);
}

static void data_and_numbers(void)
{
    void *l = FM_Locale_Constructor1(1, &x), *d = FM_Data_Constructor1(&x), *t = text("$-1,254.50 USD");
    check(FM_Data_GetNativeType(d, &x) == 0 && FM_Data_IsEmpty(d, &x), "a new Data is invalid and empty");
    FM_Data_SetAsText(d, t, l, DT_TEXT, &x);
    check(FM_FixPt_AsFloat(FM_Data_GetAsNumber(d, &x), &x) == -1254.5,
          "GetAsNumber keeps the digits and the first point");
    void *f = FM_FixPt_Constructor1(0, 16, &x);
    FM_FixPt_AssignDouble(f, 0.5, &x);
    FM_Data_SetAsNumber(d, f, DT_NUMBER, &x);
    check(strcmp(utf8(FM_Data_GetAsText(d, &x)), ".5") == 0, "number text as FileMaker writes it: %s",
          utf8(FM_Data_GetAsText(d, &x)));
    FM_FixPt_AssignDouble(f, 1.0 / 3, &x);
    FM_Data_SetAsNumber(d, f, DT_NUMBER, &x);
    check(strcmp(utf8(FM_Data_GetAsText(d, &x)), ".3333333333333333") == 0, "16 decimals: %s",
          utf8(FM_Data_GetAsText(d, &x)));
    FM_FixPt_AssignDouble(f, -1234567.89, &x);
    check(FM_FixPt_AsLong(f, &x) == -1234567, "AsLong truncates");
    void *zero = FM_FixPt_Constructor1(0, 16, &x);
    check(FM_FixPt_Divide(f, zero, zero, &x) != 0, "division by zero is refused");
    FM_FixPt_Delete(zero, &x); FM_FixPt_Delete(f, &x);

    void *v = FM_DataVect_Constructor1(&x);
    FM_DataVect_PushBack(v, d, &x);
    FM_Data_SetAsText(d, t, l, DT_TEXT, &x);
    FM_DataVect_PushBack(v, d, &x);
    check(FM_DataVect_Size(v, &x) == 2 && strcmp(utf8(FM_DataVect_AtAsText(v, 1, &x)), "$-1,254.50 USD") == 0,
          "PushBack copies");
    FM_DataVect_AtAsText(v, 2, &x);
    check(x.code == UNKNOWN, "At past the end sets kUnknown");
    x.code = 0;
    void *popped = FM_DataVect_PopBack(v, &x);
    check(FM_DataVect_Size(v, &x) == 1 && popped, "PopBack hands the last Data over");
    FM_Data_Delete(popped, &x);
    FM_DataVect_Delete(v, &x); FM_Data_Delete(d, &x); FM_Text_Delete(t, &x); FM_Locale_Delete(l, &x);
}

static void binaries(void)
{
    void *b = FM_BinaryData_Constructor1(&x), *file = FM_QuadChar_Constructor2('F', 'I', 'L', 'E', &x),
         *name = text("r\xc3\xa9sum\xc3\xa9.pdf");
    char bytes[] = "%PDF-1.4";
    check(FM_QuadChar_GetMacType(file, &x) == 0x46494C45u && FM_QuadChar_operatorAR(file, 2, &x) == 'L', "QuadChar");
    check(FM_BinaryData_Add(b, file, 8, bytes, &x) == 0, "Add a stream");
    check(FM_BinaryData_Add(b, file, 8, bytes, &x) != 0, "a second stream of the same type is refused");
    check(FM_BinaryData_AddFNAMData(b, name, &x) == 0 && FM_BinaryData_GetCount(b, &x) == 2, "FNAM added");
    void *back = FM_Text_Constructor1(&x);
    check(FM_BinaryData_GetFNAMData(b, back, &x) == 0 && FM_Text_GetSize(back, &x) == 10, "FNAM read back as text");
    int32_t i = FM_BinaryData_GetIndex(b, file, &x);
    char out[4];
    check(i == 0 && FM_BinaryData_GetSize(b, i, &x) == 8 && FM_BinaryData_GetData(b, i, 5, 3, out, &x) == 0 &&
              !memcmp(out, "1.4", 3),
          "GetData at an offset");
    check(FM_BinaryData_GetData(b, i, 6, 3, out, &x) != 0, "GetData past the end is refused");
    void *copy = FM_BinaryData_Constructor2(b, &x);
    check(FM_BinaryData_operatorEQ(b, copy, &x), "a copy is equal");
    check(FM_BinaryData_Remove(copy, file, &x) && !FM_BinaryData_operatorEQ(b, copy, &x), "Remove");

    void *d = FM_Data_Constructor1(&x);
    FM_Data_SetBinaryData(d, b, true, &x);
    check(FM_Data_GetNativeType(d, &x) == DT_BINARY &&
              strcmp(utf8(FM_Data_GetAsText(d, &x)), "r\xc3\xa9sum\xc3\xa9.pdf") == 0,
          "a container's text is its file name");
    FM_Data_Delete(d, &x); FM_BinaryData_Delete(copy, &x); FM_Text_Delete(back, &x);
    FM_BinaryData_Delete(b, &x); FM_QuadChar_Delete(file, &x); FM_Text_Delete(name, &x);
}

static void wrong_objects(void)
{
    void *q = FM_QuadChar_Constructor2('a', 'b', 'c', 'd', &x);
    FM_Text_GetSize(q, &x);
    check(x.code == UNKNOWN, "a QuadChar passed as Text sets kUnknown");
    x.code = 0;
    FM_Text_GetSize(NULL, &x);
    check(x.code == UNKNOWN, "NULL self sets kUnknown");
    x.code = 0;
    FM_QuadChar_Delete(q, &x);
}

int main(void)
{
    int64_t start = fmw_live_objects();
    texts();
    data_and_numbers();
    binaries();
    wrong_objects();
    check(fmw_live_objects() == start, "live FM_* objects back to %lld, not %lld", (long long)start,
          (long long)fmw_live_objects());
    printf("%d checks, %d failed\n", checks, failures);
    return failures ? 1 : 0;
}
