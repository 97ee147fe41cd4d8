/*
 * viz/json_number.c — the outputs' numbers (viz/json_number.h). A figure
 * rounded to 1e-6 is a whole number of millionths, whose digits are
 * written directly; anything else goes through snprintf as before.
 */
#include "viz/json_number.h"

#include "viz/compare.h"

#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

/* The decimal digits of v, written backwards ending before end. */
static char *digits_back(char *end, uint64_t v)
{
    do {
        *--end = (char)('0' + v % 10);
        v /= 10;
    } while (v != 0);
    return end;
}

size_t lsn_json_integer_text(char *buf, int64_t x)
{
    char tmp[24];
    char *end = tmp + sizeof(tmp);
    uint64_t mag = x < 0 ? 0 - (uint64_t)x : (uint64_t)x;
    char *p = digits_back(end, mag);
    if (x < 0) {
        *--p = '-';
    }
    size_t n = (size_t)(end - p);
    memcpy(buf, p, n);
    buf[n] = '\0';
    return n;
}

/*
 * k millionths in fixed notation without trailing zeros: as "%.12g" spells
 * k / 1e6 for 100 <= |k| < 1e12, and "%.6f" for |k| < 1e15. With
 * point_zero a whole number ends in ".0" (jansson adds it), without it in
 * no point at all.
 */
static size_t millionths_text(char *buf, int64_t k, bool point_zero)
{
    uint64_t mag = k < 0 ? 0 - (uint64_t)k : (uint64_t)k;
    uint64_t ip = mag / 1000000, fp = mag % 1000000;
    char tmp[32];
    char *end = tmp + sizeof(tmp);
    char *p = end;
    if (fp == 0 && point_zero) {
        *--p = '0';
        *--p = '.';
    } else if (fp != 0) {
        int width = 6;
        while (fp % 10 == 0) {
            fp /= 10;
            width--;
        }
        for (int i = 0; i < width; i++) {
            *--p = (char)('0' + fp % 10);
            fp /= 10;
        }
        *--p = '.';
    }
    p = digits_back(p, ip);
    if (k < 0) {
        *--p = '-';
    }
    size_t n = (size_t)(end - p);
    memcpy(buf, p, n);
    buf[n] = '\0';
    return n;
}

size_t lsn_json_number_text(char *buf, double x)
{
    if (!isfinite(x)) {
        buf[0] = '\0';
        return 0;
    }
    /* A real the report rounded to 1e-6, between 1e-4 and 1e6 in size: its
     * 12 significant digits are exactly its millionths. */
    double k = round(x * 1e6);
    if (fabs(k) >= 100 && fabs(k) < 1e12 && k / 1e6 == x) {
        return millionths_text(buf, (int64_t)k, true);
    }
    if (x == 0 && !signbit(x)) {
        memcpy(buf, "0.0", 4);
        return 3;
    }
    int len = snprintf(buf, LSN_JSON_NUMBER_SIZE, "%.12g", x);
    if (len < 0 || len >= LSN_JSON_NUMBER_SIZE - 2) {
        buf[0] = '\0';
        return 0;
    }
    size_t n = (size_t)len;
    if (strchr(buf, '.') == NULL && strchr(buf, 'e') == NULL) {
        memcpy(buf + n, ".0", 3);
        n += 2;
    }
    char *e = strchr(buf, 'e');
    if (e != NULL) { /* "e+05" -> "e5", "e-05" -> "e-5" */
        char *to = e + 1, *from = e + 1;
        if (*from == '-') {
            to++;
            from++;
        } else if (*from == '+') {
            from++;
        }
        while (*from == '0') {
            from++;
        }
        memmove(to, from, strlen(from) + 1);
        n = strlen(buf);
    }
    return n;
}

char *lsn_json_number_csv(char *buf, double x)
{
    /* round6 then "%.6f": below 1e9 a double is within 1.2e-7 of its
     * millionths, so printf's six decimals are exactly k's digits. */
    double k = isfinite(x) ? round(x * 1e6) : NAN;
    if (fabs(k) < 1e15) {
        millionths_text(buf, k == 0 ? 0 : (int64_t)k, false);
        return buf;
    }
    return lsn_csv_number(buf, LSN_JSON_NUMBER_SIZE, x);
}
