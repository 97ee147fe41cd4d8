/*
 * io/sort.h — sorting plain integer arrays: the comparators qsort() and
 * bsearch() take, an in-place sort for lists that mostly arrive sorted or
 * short, and a natural merge sort of time intervals for lists made of a few
 * ascending runs (a person's meetings: one run per series), and the order
 * of pairs of small indices by counting.
 */
#ifndef LSN_IO_SORT_H
#define LSN_IO_SORT_H

#include <stddef.h>
#include <stdint.h>

/** Ascending order of int32_t / int64_t, for qsort() and bsearch(). */
int lsn_cmp_i32(const void *a, const void *b);
int lsn_cmp_i64(const void *a, const void *b);

/**
 * Sort v[0..n) ascending in place: one pass when it is sorted already,
 * insertion when it is short, an introsort otherwise (O(n log n) at worst,
 * several times faster than qsort() with a comparator).
 */
void lsn_sort_i32(int32_t *v, size_t n);
void lsn_sort_i64(int64_t *v, size_t n);

/** A time interval [start, end), in seconds. */
typedef struct lsn_interval {
    int64_t start, end;
} lsn_interval;

/**
 * Sort v[0..n) by start, ascending, intervals with equal starts in the order
 * they came (stable): a natural merge sort (ascending runs found, then
 * merged pairwise), O(n) when v is sorted already and O(n log r) for r
 * runs. tmp must hold n intervals; its content is not kept.
 */
void lsn_sort_intervals_runs(lsn_interval *v, size_t n, lsn_interval *tmp);

/**
 * The ascending order of n keys made by lsn_pair_key(a, b) (io/idmap.h)
 * with 0 <= a, b < limit: order[k] is the index of the k-th key, equal keys
 * in index order. Two stable counting sorts, by b then by a: O(n + limit),
 * where a comparison sort of many pairs costs n log n.
 * @return LSN_OK, or LSN_ENOMEM (order untouched).
 */
int lsn_order_pair_keys(uint32_t *order, const uint64_t *keys, size_t n, size_t limit);

#endif
