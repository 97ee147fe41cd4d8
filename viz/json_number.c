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

/* Powers of ten, all exact in a double. */
static const double p10[] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,  1e8,  1e9,
                             1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18};

size_t lsn_graphml_number_text(char *buf, double x)
{
    if (isnan(x)) {
        buf[0] = '\0';
        return 0;
    }
    if (isinf(x)) {
        const char *s = x < 0 ? "-Inf" : "Inf";
        size_t n = strlen(s);
        memcpy(buf, s, n + 1);
        return n;
    }
    /*
     * The fewest decimals k with x == r / 10^k for a whole r < 1e15: the
     * division is correctly rounded, so x is the double nearest r * 10^-k,
     * within half an ulp (< 1.2e-16 of x) of it, and r has at most 15
     * significant digits: "%.15g" rounds x to exactly r * 10^-k, whose
     * digits are r's. Between 1e-4 and 1e15 "%.15g" writes them in fixed
     * notation without trailing zeros (r has none: k is the fewest).
     */
    double mag = fabs(x);
    if (mag == 0 || (mag >= 1e-4 && mag < 1e15)) {
        for (size_t k = 0; k < sizeof(p10) / sizeof(p10[0]); k++) {
            double r = round(mag * p10[k]);
            if (r >= 1e15) {
                break;
            }
            if (r / p10[k] != mag) {
                continue;
            }
            char tmp[40];
            char *end = tmp + sizeof(tmp);
            uint64_t v = (uint64_t)r;
            char *p = end;
            for (size_t d = 0; d < k; d++) {
                *--p = (char)('0' + v % 10);
                v /= 10;
            }
            if (k > 0) {
                *--p = '.';
            }
            p = digits_back(p, v);
            if (signbit(x)) {
                *--p = '-';
            }
            size_t n = (size_t)(end - p);
            memcpy(buf, p, n);
            buf[n] = '\0';
            return n;
        }
    }
    int len = snprintf(buf, LSN_JSON_NUMBER_SIZE, "%.15g", x);
    return len > 0 && len < LSN_JSON_NUMBER_SIZE ? (size_t)len : 0;
}
