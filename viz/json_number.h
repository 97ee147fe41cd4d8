/*
 * viz/json_number.h — numbers spelled as the outputs write them, without
 * printf for the figures the report rounds to 1e-6: report.json's reals
 * (jansson's "%.12g" spelling), its integers, the CSV tables' numbers
 * (lsn_csv_number's spelling) and the GraphML files' numbers ("%.15g").
 */
#ifndef LSN_VIZ_JSON_NUMBER_H
#define LSN_VIZ_JSON_NUMBER_H

#include <stddef.h>
#include <stdint.h>

/** Room every function below needs in buf. */
#define LSN_JSON_NUMBER_SIZE 32

/**
 * x as report.json writes a real: "%.12g", ".0" added when that has no '.'
 * and no exponent, the exponent without '+' and leading zeros (jansson's
 * spelling with JSON_REAL_PRECISION(12)). x is finite.
 * @return the length written (buf is NUL-terminated); 0 for a non-finite x.
 */
size_t lsn_json_number_text(char *buf, double x);

/** x in decimal ("%" PRId64). @return the length written (NUL-terminated). */
size_t lsn_json_integer_text(char *buf, int64_t x);

/**
 * x as lsn_csv_number (viz/compare.h) writes it — rounded to 1e-6, "%.6f"
 * without trailing zeros or a bare point, "" when not finite — into buf
 * (LSN_JSON_NUMBER_SIZE bytes at least). @return buf.
 */
char *lsn_json_number_csv(char *buf, double x);

/**
 * x as the GraphML files write a number, which is igraph's spelling:
 * "%.15g" in the C locale, "Inf" and "-Inf" for the infinities. A number
 * of at most 15 significant digits between 1e-4 and 1e15 in size (every
 * figure rounded to 1e-6 is one) is spelled without printf.
 * @return the length written (buf is NUL-terminated); 0 for NaN, which
 *         the files leave out.
 */
size_t lsn_graphml_number_text(char *buf, double x);

#endif
