/*
 * io/gen.c — builds a realistic synthetic organization (hierarchy, roster,
 * declared needs and every meeting series) from a seed, and writes it as
 * people.csv, teams.csv, needs.csv, one combined iCalendar export and one
 * iCalendar export per mailbox. It never reads calendars and never analyses
 * them; the planted structures (liaisons, missing links, oversized meetings)
 * are documented in datasets/README.md. It also derives reorg scenarios
 * (merged, split, moved-liaisons) from what it planted and writes their
 * rosters; it never changes a meeting for them.
 */
#include "io/gen.h"

#include "io/error.h"
#include "io/strmap.h"

#include <jansson.h>
#include <libical/ical.h>

#include <assert.h>
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>

/* ------------------------------------------------------------------ */
/* Random numbers: splitmix64 seeds xoshiro256**, one stream per phase  */
/* ------------------------------------------------------------------ */

typedef struct rng {
    uint64_t s[4];
} rng;

static uint64_t splitmix64(uint64_t *x)
{
    uint64_t z = (*x += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

/* Each phase has its own stream so that adding a feature to one phase does
 * not reshuffle the others. */
static void rng_seed(rng *r, uint64_t seed, uint64_t phase)
{
    uint64_t x = seed ^ (phase * 0xd1b54a32d192ed03ULL);
    for (int i = 0; i < 4; i++) {
        r->s[i] = splitmix64(&x);
    }
}

static uint64_t rotl(uint64_t x, int k)
{
    return (x << k) | (x >> (64 - k));
}

static uint64_t rng_next(rng *r)
{
    uint64_t *s = r->s;
    uint64_t result = rotl(s[1] * 5, 7) * 9;
    uint64_t t = s[1] << 17;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotl(s[3], 45);
    return result;
}

/* Uniform in [0, n); n must be > 0. */
static uint32_t rng_below(rng *r, uint32_t n)
{
    return (uint32_t)(((rng_next(r) >> 32) * (uint64_t)n) >> 32);
}

/* Uniform in [lo, hi]. */
static int rng_range(rng *r, int lo, int hi)
{
    return lo + (int)rng_below(r, (uint32_t)(hi - lo + 1));
}

static bool rng_chance(rng *r, double p)
{
    return (double)(rng_next(r) >> 11) * 0x1.0p-53 < p;
}

/* ------------------------------------------------------------------ */
/* Dates                                                                */
/* ------------------------------------------------------------------ */

/* Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant). */
static int32_t days_from_civil(int y, int m, int d)
{
    y -= m <= 2;
    int era = (y >= 0 ? y : y - 399) / 400;
    int yoe = y - era * 400;
    int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return (int32_t)(era * 146097 + doe - 719468);
}

void lsn_gen_civil(int32_t day, int *year, int *month, int *mday)
{
    int z = day + 719468;
    int era = (z >= 0 ? z : z - 146096) / 146097;
    int doe = z - era * 146097;
    int yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int y = yoe + era * 400;
    int doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int mp = (5 * doy + 2) / 153;
    int d = doy - (153 * mp + 2) / 5 + 1;
    int m = mp + (mp < 10 ? 3 : -9);
    *year = y + (m <= 2);
    *month = m;
    *mday = d;
}

/* Monday = 0 ... Sunday = 6. */
static int weekday(int32_t day)
{
    return (int)(((day % 7) + 7 + 3) % 7);
}

static int days_in_month(int y, int m)
{
    static const int dm[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0)) {
        return 29;
    }
    return dm[m - 1];
}

/* The nth (1..5, or -1 for the last) weekday wd of a month, or -1 when none. */
static int32_t nth_weekday(int y, int m, int wd, int nth)
{
    if (nth > 0) {
        int32_t first = days_from_civil(y, m, 1);
        int32_t d = first + ((wd - weekday(first) + 7) % 7) + 7 * (nth - 1);
        int yy, mm, dd;
        lsn_gen_civil(d, &yy, &mm, &dd);
        return mm == m ? d : -1;
    }
    int32_t last = days_from_civil(y, m, days_in_month(y, m));
    return last - ((weekday(last) - wd + 7) % 7);
}

/* ------------------------------------------------------------------ */
/* Static tables                                                        */
/* ------------------------------------------------------------------ */

enum { Z_NY, Z_LA, Z_BER, Z_LON, Z_KOL, Z_SAO, Z_UTC, Z_COUNT };

static const char *const zone_names[Z_COUNT] = {"America/New_York",
                                                "America/Los_Angeles",
                                                "Europe/Berlin",
                                                "Europe/London",
                                                "Asia/Kolkata",
                                                "America/Sao_Paulo",
                                                "UTC"};

static const char *const zone_cities[Z_COUNT] = {"New York",  "San Francisco", "Berlin", "London",
                                                 "Bengaluru", "Sao Paulo",     "Remote"};

static const char *const first_names[] = {
    "Ava",      "Liam",      "Olivia",  "Noah",    "Emma",      "Mateo",     "Sofia",
    "Lucas",    "Mia",       "Ethan",   "Amelia",  "Mason",     "Harper",    "Logan",
    "Evelyn",   "Elijah",    "Abigail", "James",   "Emily",     "Aiden",     "Ella",
    "Jackson",  "Scarlett",  "Levi",    "Grace",   "Sebastian", "Chloé",     "Mateus",
    "Zoë",      "José",      "Renée",   "Søren",   "Łukasz",    "Björn",     "Inès",
    "François", "Mónica",    "Jürgen",  "Siobhán", "Nuño",      "Priya",     "Arjun",
    "Ananya",   "Rohan",     "Kavya",   "Vikram",  "Meera",     "Aditya",    "Wei",
    "Mei",      "Hiroshi",   "Yuki",    "Haruto",  "Sakura",    "Min-jun",   "Ji-woo",
    "Fatima",   "Omar",      "Layla",   "Yusuf",   "Amira",     "Karim",     "Nadia",
    "Tariq",    "Chiamaka",  "Kwame",   "Amara",   "Tendai",    "Zanele",    "Kofi",
    "Adaeze",   "Sipho",     "Lars",    "Ingrid",  "Astrid",    "Nils",      "Freya",
    "Henrik",   "Sigrid",    "Magnus",  "Giulia",  "Marco",     "Francesca", "Luca",
    "Chiara",   "Matteo",    "Elena",   "Paolo",   "Camila",    "Diego",     "Valentina",
    "Javier",   "Lucía",     "Pablo",   "Carmen",  "Andrés",    "Hannah",    "David",
    "Sarah",    "Daniel",    "Rachel",  "Samuel",  "Leah",      "Benjamin",  "Anna",
    "Jan",      "Katarzyna", "Piotr",   "Zofia",   "Tomasz",    "Agnieszka", "Michał",
    "Claire",   "Julien",    "Camille", "Hugo",    "Léa",       "Antoine",   "Manon",
    "Théo",     "Nora",      "Felix",   "Clara",   "Jonas",     "Lena",      "Maximilian",
    "Marie",    "Paul",      "Aisha",   "Malik",   "Imani",     "Jamal",     "Zara",
    "Idris",    "Nia",       "Darius",  "Quinn",   "Riley",     "Morgan",    "Jordan",
    "Avery",    "Casey",     "Rowan",   "Sage",
};

static const char *const last_names[] = {
    "Smith",     "Johnson",   "Williams", "Brown",     "Jones",      "Garcia",    "Miller",
    "Davis",     "Rodriguez", "Martinez", "Hernandez", "Lopez",      "Gonzalez",  "Wilson",
    "Anderson",  "Thomas",    "Taylor",   "Moore",     "Jackson",    "Martin",    "Lee",
    "Perez",     "Thompson",  "White",    "Harris",    "Sanchez",    "Clark",     "Ramirez",
    "Lewis",     "Robinson",  "Walker",   "Young",     "Allen",      "King",      "Wright",
    "Scott",     "Torres",    "Nguyen",   "Hill",      "Flores",     "Green",     "Adams",
    "Nelson",    "Baker",     "Hall",     "Rivera",    "Campbell",   "Mitchell",  "Carter",
    "Roberts",   "Müller",    "Schmidt",  "Schneider", "Fischer",    "Weber",     "Schäfer",
    "Becker",    "Wagner",    "Hoffmann", "Koch",      "García",     "Núñez",     "Ibáñez",
    "Fernández", "Gómez",     "Díaz",     "O'Brien",   "O'Connor",   "Murphy",    "Kelly",
    "Byrne",     "Walsh",     "Kowalski", "Nowak",     "Wiśniewski", "Kowalczyk", "Lewandowski",
    "Dubois",    "Lefèvre",   "Moreau",   "Laurent",   "Rousseau",   "Girard",    "Rossi",
    "Russo",     "Ferrari",   "Esposito", "Bianchi",   "Romano",     "Colombo",   "Sharma",
    "Patel",     "Gupta",     "Iyer",     "Reddy",     "Nair",       "Menon",     "Rao",
    "Kumar",     "Singh",     "Chen",     "Wang",      "Li",         "Zhang",     "Liu",
    "Yang",      "Huang",     "Tanaka",   "Suzuki",    "Watanabe",   "Sato",      "Takahashi",
    "Kim",       "Park",      "Choi",     "Jung",      "Okafor",     "Mensah",    "Adeyemi",
    "Okoye",     "Diallo",    "Ndlovu",   "Mbeki",     "Haddad",     "Khalil",    "Hassan",
    "Rahman",    "Aziz",      "Larsen",   "Hansen",    "Johansson",  "Nilsson",   "Øvergaard",
    "Van Dijk",  "De Vries",  "Jansen",   "Bakker",    "Visser",     "Smit",      "Costa",
    "Silva",     "Santos",    "Oliveira", "Pereira",   "Almeida",    "Ferreira",  "Novak",
};

static const char *const customers[] = {"globex", "initech", "umbrella", "hooli",     "soylent",
                                        "stark",  "wayne",   "tyrell",   "cyberdyne", "wonka"};

/* UTF-8 letters of the name tables, spelled in ASCII for email addresses. */
static const struct {
    const char *utf8;
    const char *ascii;
} ascii_map[] = {
    {"á", "a"}, {"à", "a"}, {"â", "a"},  {"ä", "a"}, {"ã", "a"}, {"å", "a"}, {"é", "e"},
    {"è", "e"}, {"ê", "e"}, {"ë", "e"},  {"í", "i"}, {"ì", "i"}, {"î", "i"}, {"ï", "i"},
    {"ó", "o"}, {"ò", "o"}, {"ô", "o"},  {"ö", "o"}, {"õ", "o"}, {"ø", "o"}, {"Ø", "o"},
    {"ú", "u"}, {"ù", "u"}, {"û", "u"},  {"ü", "u"}, {"ñ", "n"}, {"ç", "c"}, {"ß", "ss"},
    {"Ł", "l"}, {"ł", "l"}, {"ś", "s"},  {"ź", "z"}, {"ż", "z"}, {"ą", "a"}, {"ę", "e"},
    {"ń", "n"}, {"ć", "c"}, {"æ", "ae"}, {"Å", "a"}, {"É", "e"},
};

#define COUNTOF(a) (sizeof(a) / sizeof((a)[0]))

enum { D_ENG, D_PRODUCT, D_DESIGN, D_MARKETING, D_SALES, D_SUPPORT, D_SECURITY, D_COUNT };
#define D_NONE 255
#define DAYS_MO_FR 0x1f
#define FANOUT 7

typedef struct dept_def {
    const char *prefix;
    const char *name;
    double weight;
    const char *const *teams; /* team name pool (for engineering: product lines) */
    size_t nteams;
    const char *const *units; /* sub-unit name pool */
    size_t nunits;
    uint8_t zones[8];
    uint8_t nzones;
    uint8_t standup_days; /* 0: no stand-up */
    const char *standup;
    const char *planning;
    int planning_min;
    bool retro;
    bool demo;
} dept_def;

static const char *const eng_lines[] = {"Payments",
                                        "Search",
                                        "Mobile",
                                        "Platform",
                                        "Data",
                                        "Identity",
                                        "Growth",
                                        "Messaging",
                                        "Marketplace",
                                        "Analytics",
                                        "Developer Experience",
                                        "Infrastructure",
                                        "Billing",
                                        "Notifications",
                                        "Commerce",
                                        "Media",
                                        "Maps",
                                        "Trust & Safety",
                                        "Integrations",
                                        "Reliability"};
static const char *const eng_areas[] = {"Commerce",       "Consumer",  "Enterprise",
                                        "Core Services",  "Data & AI", "Developer Platform",
                                        "Infrastructure", "Ecosystem"};
static const char *const eng_suffix[] = {"Core",     "API",          "Web",        "Apps",
                                         "Ledger",   "Integrations", "Pipelines",  "Tooling",
                                         "Insights", "Experience",   "Onboarding", "Storage",
                                         "Frontend", "Services",     "Quality"};
static const char *const product_teams[] = {
    "Core Product",       "Growth Product", "Platform Product", "Product Operations",
    "Enterprise Product", "Mobile Product", "Data Product"};
static const char *const product_units[] = {"Consumer Product", "Enterprise Product Group",
                                            "Platform Product Group", "Emerging Products"};
static const char *const design_teams[] = {"Product Design", "UX Research", "Design Systems",
                                           "Brand Design", "Content Design"};
static const char *const design_units[] = {"Consumer Design", "Enterprise Design",
                                           "Platform Design"};
static const char *const marketing_teams[] = {"Product Marketing",
                                              "Brand",
                                              "Demand Generation",
                                              "Content, Web & Social",
                                              "Events",
                                              "Marketing Operations",
                                              "Partner Marketing",
                                              "Developer Relations"};
static const char *const marketing_units[] = {"Americas Marketing", "EMEA Marketing",
                                              "APAC Marketing", "Global Campaigns"};
static const char *const sales_teams[] = {
    "AMER Enterprise", "Solutions Engineering", "EMEA Sales",  "Mid-Market",
    "APAC Sales",      "Sales Operations",      "LATAM Sales", "Channel Partners"};
static const char *const sales_units[] = {"Americas",           "EMEA",      "APAC", "LATAM",
                                          "Strategic Accounts", "Commercial"};
static const char *const support_teams[] = {"Support Tier 1",
                                            "Support Tier 2",
                                            "Customer Success",
                                            "Support Operations",
                                            "Technical Account Management",
                                            "Onboarding Services"};
static const char *const support_units[] = {"Support Americas", "Support EMEA", "Support APAC",
                                            "Enterprise Support"};
static const char *const security_teams[] = {"Application Security", "Security Operations",
                                             "Infrastructure Security",
                                             "Governance, Risk & Compliance", "Identity Security"};
static const char *const security_units[] = {"Security Engineering", "Security Programs", "Trust"};

#define POOL(a) a, COUNTOF(a)

static const dept_def depts[D_COUNT] = {
    [D_ENG] = {"eng",
               "Engineering",
               0.46,
               POOL(eng_lines),
               POOL(eng_areas),
               {Z_NY, Z_LA, Z_BER, Z_KOL, Z_NY, Z_LON, Z_SAO, Z_UTC},
               8,
               DAYS_MO_FR,
               "standup",
               "sprint planning",
               60,
               true,
               true},
    [D_PRODUCT] = {"prod",
                   "Product",
                   0.08,
                   POOL(product_teams),
                   POOL(product_units),
                   {Z_NY, Z_LA, Z_BER},
                   3,
                   0x0a,
                   "check-in",
                   "weekly sync",
                   60,
                   false,
                   false},
    [D_DESIGN] = {"des",
                  "Design",
                  0.06,
                  POOL(design_teams),
                  POOL(design_units),
                  {Z_LA, Z_BER, Z_NY},
                  3,
                  0x05,
                  "check-in",
                  "design critique",
                  60,
                  false,
                  false},
    [D_MARKETING] = {"mkt",
                     "Marketing",
                     0.09,
                     POOL(marketing_teams),
                     POOL(marketing_units),
                     {Z_NY, Z_LON, Z_NY},
                     3,
                     0x15,
                     "stand-up",
                     "weekly team meeting",
                     60,
                     false,
                     false},
    [D_SALES] = {"sales",
                 "Sales",
                 0.14,
                 POOL(sales_teams),
                 POOL(sales_units),
                 {Z_NY, Z_LON, Z_BER, Z_KOL, Z_SAO, Z_LA},
                 6,
                 DAYS_MO_FR,
                 "sales huddle",
                 "pipeline review",
                 60,
                 false,
                 false},
    [D_SUPPORT] = {"support",
                   "Support",
                   0.11,
                   POOL(support_teams),
                   POOL(support_units),
                   {Z_NY, Z_KOL, Z_BER, Z_UTC},
                   4,
                   DAYS_MO_FR,
                   "shift handover",
                   "queue review",
                   45,
                   true,
                   false},
    [D_SECURITY] = {"sec",
                    "Security",
                    0.06,
                    POOL(security_teams),
                    POOL(security_units),
                    {Z_NY, Z_UTC, Z_BER},
                    3,
                    DAYS_MO_FR,
                    "standup",
                    "weekly planning",
                    60,
                    true,
                    false},
};

/* Departments are added in this order while each still gets 5 people. */
static const int dept_priority[D_COUNT] = {D_ENG,   D_MARKETING, D_SUPPORT, D_PRODUCT,
                                           D_SALES, D_DESIGN,    D_SECURITY};

static const char *const kind_names[LSN_GEN_KIND_COUNT] = {
    "standup", "planning", "retro",     "demo",     "one-on-one", "staff",
    "sync",    "decision", "all-hands", "customer", "interview",  "incident",
    "coffee",  "social",   "war-room",  "offsite",  "focus",      "ooo"};

/* ------------------------------------------------------------------ */
/* The generator state                                                  */
/* ------------------------------------------------------------------ */

typedef struct chunk {
    struct chunk *next;
    size_t used;
    size_t size;
    char data[];
} chunk;

/* Per-unit bookkeeping the public lsn_gen_unit does not carry. */
typedef struct uinfo {
    uint8_t dept;   /* D_*, D_NONE for the root and the leadership team */
    bool leads;     /* a leadership team: its members head the units beside it */
    bool bottom;    /* an org unit whose children are teams */
    bool isolated;  /* a team that meets only with itself */
    int32_t joint;  /* the team it holds every ritual with, -1 none */
    int32_t nchild; /* children so far (names) */
    int32_t standup, planning, retro, demo; /* series, -1 none */
    int32_t first, count;                   /* members in gen->members */
    bool split;                             /* planning already split */
    int32_t sec_liaison;                    /* product line: its embedded security engineer */
    bool hiring;                            /* product line whose director hires hard */
    int32_t end;                            /* one past the last unit of its subtree */
} uinfo;

/* Per-series flags. */
#define SF_PROTECTED 1u /* carries a planted liaison: no random moves or cancellations */

struct lsn_gen {
    lsn_gen_options opts;
    char domain[128];
    char start[11];
    char company_id[64];
    char company_name[80];
    int32_t win_start;
    int32_t win_days;

    chunk *arena;
    lsn_strmap *emails; /* party ids: roster people first */
    lsn_strmap *ids;    /* unit ids */
    rng r;

    lsn_gen_person *people;
    size_t npeople, cap_people;
    lsn_gen_unit *units;
    uinfo *ui;
    size_t nunits, cap_units;
    lsn_gen_need *needs;
    size_t nneeds, cap_needs;
    lsn_gen_party *parties;
    size_t nparties, cap_parties;
    lsn_gen_series *series;
    uint8_t *sflags;
    size_t nseries, cap_series;

    int32_t *members; /* team members, grouped by team (uinfo first/count) */
    int32_t ceo;
    int32_t leadership;         /* unit */
    int32_t dept_unit[D_COUNT]; /* unit of each department, -1 absent */
    int32_t dept_counter[D_COUNT];
    int32_t holidays[32];
    int nholidays;
    uint64_t uid_counter;
    int32_t bottom_counter; /* engineering product lines made so far */
    int32_t *sync;          /* team pairs that hold a sync: a0, b0, a1, b1, ... */
    size_t nsync, cap_sync;
    int32_t *sprawl; /* the planted sprawling liaisons (people), in planting order */
    size_t nsprawl, cap_sprawl;
};

#define TRY(expr)                                                                                  \
    do {                                                                                           \
        int rc_ = (expr);                                                                          \
        if (rc_ < 0) {                                                                             \
            return rc_;                                                                            \
        }                                                                                          \
    } while (0)

static int oom(void)
{
    return lsn_error_set(LSN_ENOMEM, "out of memory");
}

static void *arena_alloc(lsn_gen *g, size_t n)
{
    n = (n + 7) & ~(size_t)7;
    if (g->arena == NULL || g->arena->used + n > g->arena->size) {
        size_t size = n > 65536 ? n : 65536;
        chunk *c = malloc(sizeof(chunk) + size);
        if (c == NULL) {
            return NULL;
        }
        c->next = g->arena;
        c->used = 0;
        c->size = size;
        g->arena = c;
    }
    void *p = g->arena->data + g->arena->used;
    g->arena->used += n;
    return p;
}

static char *arena_strdup(lsn_gen *g, const char *s)
{
    size_t n = strlen(s) + 1;
    char *p = arena_alloc(g, n);
    if (p != NULL) {
        memcpy(p, s, n);
    }
    return p;
}

static char *arena_printf(lsn_gen *g, const char *fmt, ...) LSN_PRINTF(2, 3);

static char *arena_printf(lsn_gen *g, const char *fmt, ...)
{
    char small[512];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(small, sizeof(small), fmt, ap);
    va_end(ap);
    if (n < 0) {
        return NULL;
    }
    char *p = arena_alloc(g, (size_t)n + 1);
    if (p == NULL) {
        return NULL;
    }
    if ((size_t)n < sizeof(small)) {
        memcpy(p, small, (size_t)n + 1);
    } else {
        va_start(ap, fmt);
        vsnprintf(p, (size_t)n + 1, fmt, ap);
        va_end(ap);
    }
    return p;
}

/* Make room for one more element of an array that grows by doubling. */
static int reserve(void **p, size_t *cap, size_t n, size_t elem)
{
    if (n < *cap) {
        return LSN_OK;
    }
    size_t ncap = *cap ? *cap * 2 : 64;
    void *q = realloc(*p, ncap * elem);
    if (q == NULL) {
        return oom();
    }
    *p = q;
    *cap = ncap;
    return LSN_OK;
}

/* ------------------------------------------------------------------ */
/* Parties, people and units                                            */
/* ------------------------------------------------------------------ */

/* The party with this email, added when new. */
static int party(lsn_gen *g, int32_t *out, const char *email, const char *name, lsn_gen_cutype t)
{
    int32_t id = lsn_strmap_find(g->emails, email);
    if (id >= 0) {
        *out = id;
        return LSN_OK;
    }
    if (lsn_strmap_intern(&id, g->emails, email, strlen(email)) < 0) {
        return oom();
    }
    TRY(reserve((void **)&g->parties, &g->cap_parties, g->nparties, sizeof(lsn_gen_party)));
    lsn_gen_party *p = &g->parties[g->nparties++];
    p->email = lsn_strmap_get(g->emails, id);
    p->name = arena_strdup(g, name != NULL ? name : "");
    if (p->name == NULL) {
        return oom();
    }
    p->cutype = t;
    p->person = -1;
    *out = id;
    return LSN_OK;
}

/* Lowercase ASCII spelling of a name part for an email address. */
static void ascii_part(char *out, size_t cap, const char *s)
{
    size_t n = 0;
    while (*s != '\0' && n + 3 < cap) {
        unsigned char c = (unsigned char)*s;
        if (c < 0x80) {
            if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
                out[n++] = (char)c;
            } else if (c >= 'A' && c <= 'Z') {
                out[n++] = (char)(c - 'A' + 'a');
            } else if (c == '-') {
                out[n++] = '-';
            }
            s++;
            continue;
        }
        bool mapped = false;
        for (size_t i = 0; i < COUNTOF(ascii_map); i++) {
            size_t len = strlen(ascii_map[i].utf8);
            if (strncmp(s, ascii_map[i].utf8, len) == 0) {
                for (const char *a = ascii_map[i].ascii; *a != '\0' && n + 1 < cap; a++) {
                    out[n++] = *a;
                }
                s += len;
                mapped = true;
                break;
            }
        }
        if (!mapped) {
            s++;
            while (((unsigned char)*s & 0xC0) == 0x80) {
                s++;
            }
        }
    }
    out[n] = '\0';
}

/* A new roster person in team `team` (unit index), reporting to manager. */
static int add_person(lsn_gen *g, int32_t *out, int32_t team, int32_t manager, int32_t zone)
{
    char name[160], first[64], last[64], email[400];
    const char *fn = first_names[rng_below(&g->r, COUNTOF(first_names))];
    const char *ln = last_names[rng_below(&g->r, COUNTOF(last_names))];
    /* A few display names carry a comma, which CSV and CN parameters must quote. */
    if (rng_chance(&g->r, 0.01)) {
        snprintf(name, sizeof(name), "%s %s, Jr.", fn, ln);
    } else {
        snprintf(name, sizeof(name), "%s %s", fn, ln);
    }
    ascii_part(first, sizeof(first), fn);
    ascii_part(last, sizeof(last), ln);
    snprintf(email, sizeof(email), "%s.%s@%s", first, last, g->domain);
    for (int k = 2; lsn_strmap_find(g->emails, email) >= 0; k++) {
        snprintf(email, sizeof(email), "%s.%s%d@%s", first, last, k, g->domain);
    }
    int32_t id;
    TRY(party(g, &id, email, name, LSN_GEN_INDIVIDUAL));
    /* People are created before any other party, so their ids are 0..P-1. */
    if ((size_t)id != g->npeople) {
        return lsn_error_set(LSN_EINTERNAL, "generator: person created after other parties");
    }
    TRY(reserve((void **)&g->people, &g->cap_people, g->npeople, sizeof(lsn_gen_person)));
    lsn_gen_person *p = &g->people[g->npeople++];
    p->email = g->parties[id].email;
    p->name = g->parties[id].name;
    p->team = team;
    p->manager = manager;
    p->zone = zone;
    g->parties[id].person = id;
    *out = id;
    return LSN_OK;
}

/* Lowercase ASCII id of a display name: "Trust & Safety" -> "trust-safety". */
static void slug(char *out, size_t cap, const char *s)
{
    size_t n = 0;
    bool dash = false;
    for (; *s != '\0' && n + 2 < cap; s++) {
        unsigned char c = (unsigned char)*s;
        if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
            if (dash && n > 0) {
                out[n++] = '-';
            }
            dash = false;
            out[n++] = (char)c;
        } else if (c >= 'A' && c <= 'Z') {
            if (dash && n > 0) {
                out[n++] = '-';
            }
            dash = false;
            out[n++] = (char)(c - 'A' + 'a');
        } else {
            dash = true;
        }
    }
    out[n] = '\0';
}

static int add_unit(lsn_gen *g,
                    int32_t *out,
                    const char *id_hint,
                    const char *name,
                    int32_t parent,
                    bool team,
                    uint8_t dept,
                    int32_t zone)
{
    char id[160];
    snprintf(id, sizeof(id), "%s", id_hint);
    for (int k = 2; lsn_strmap_find(g->ids, id) >= 0; k++) {
        snprintf(id, sizeof(id), "%s-%d", id_hint, k);
    }
    int32_t sid;
    if (lsn_strmap_intern(&sid, g->ids, id, strlen(id)) < 0) {
        return oom();
    }
    size_t cap = g->cap_units;
    TRY(reserve((void **)&g->units, &g->cap_units, g->nunits, sizeof(lsn_gen_unit)));
    if (cap != g->cap_units) {
        uinfo *ui = realloc(g->ui, g->cap_units * sizeof(uinfo));
        if (ui == NULL) {
            return oom();
        }
        g->ui = ui;
    }
    int32_t u = (int32_t)g->nunits++;
    lsn_gen_unit *unit = &g->units[u];
    unit->id = lsn_strmap_get(g->ids, sid);
    unit->name = arena_strdup(g, name);
    if (unit->name == NULL) {
        return oom();
    }
    unit->parent = parent;
    unit->head = -1;
    unit->zone = zone;
    unit->team = team;
    uinfo *ui = &g->ui[u];
    memset(ui, 0, sizeof(*ui));
    ui->dept = dept;
    ui->joint = -1;
    ui->sec_liaison = -1;
    ui->standup = ui->planning = ui->retro = ui->demo = -1;
    *out = u;
    return LSN_OK;
}

/* ------------------------------------------------------------------ */
/* The hierarchy                                                        */
/* ------------------------------------------------------------------ */

/* Teams for r people: about 5.5 per team in engineering, 6.2 elsewhere (4 to 9). */
static int teams_for(int r, uint8_t dept)
{
    if (r <= 0) {
        return 0;
    }
    if (r < 4) {
        return 1;
    }
    int k = (int)((double)r / (dept == D_ENG ? 5.5 : 6.2) + 0.5);
    int lo = (r + 8) / 9, hi = r / 4;
    if (k < lo) {
        k = lo;
    }
    if (k > hi) {
        k = hi;
    }
    return k < 1 ? 1 : k;
}

static int32_t pick_zone(lsn_gen *g, uint8_t dept, int32_t parent_zone)
{
    const dept_def *d = &depts[dept];
    if (parent_zone >= 0 && rng_chance(&g->r, 0.7)) {
        return parent_zone;
    }
    return d->zones[rng_below(&g->r, d->nzones)];
}

/* Regional teams work where their region is. */
static int32_t region_zone(const char *name, int32_t zone)
{
    if (strstr(name, "EMEA") != NULL) {
        return Z_LON;
    }
    if (strstr(name, "APAC") != NULL) {
        return Z_KOL;
    }
    if (strstr(name, "LATAM") != NULL) {
        return Z_SAO;
    }
    return zone;
}

/* Name of the next child of unit u in department d. */
static void
child_name(lsn_gen *g, char *out, size_t cap, int32_t u, uint8_t dept, bool team, bool bottom_child)
{
    const dept_def *d = &depts[dept];
    uinfo *ui = &g->ui[u];
    int32_t i = ui->nchild++;
    bool under_dept = g->dept_unit[dept] == u;
    if (team && dept == D_ENG && !under_dept) {
        /* Engineering teams are named after their product line. */
        int32_t k = i % (int32_t)COUNTOF(eng_suffix);
        int32_t round = i / (int32_t)COUNTOF(eng_suffix);
        if (round == 0) {
            snprintf(out, cap, "%s %s", g->units[u].name, eng_suffix[k]);
        } else {
            snprintf(out, cap, "%s %s %d", g->units[u].name, eng_suffix[k], round + 1);
        }
        return;
    }
    if (team && under_dept) {
        int32_t c = g->dept_counter[dept]++;
        int32_t k = c % (int32_t)d->nteams, round = c / (int32_t)d->nteams;
        if (round == 0) {
            snprintf(out, cap, "%s", d->teams[k]);
        } else {
            snprintf(out, cap, "%s %d", d->teams[k], round + 1);
        }
        return;
    }
    if (team) {
        snprintf(out, cap, "%s: %s", g->units[u].name, d->teams[i % (int32_t)d->nteams]);
        return;
    }
    /* Sub-units: product lines (or regions) at the bottom, areas above. */
    const char *const *pool = d->units;
    size_t npool = d->nunits;
    if (dept == D_ENG && bottom_child) {
        pool = eng_lines;
        npool = COUNTOF(eng_lines);
    }
    int32_t c = g->dept_counter[dept]++;
    int32_t k = c % (int32_t)npool, round = c / (int32_t)npool;
    if (round == 0) {
        snprintf(out, cap, "%s", pool[k]);
    } else {
        snprintf(out, cap, "%s %d", pool[k], round + 1);
    }
}

/* Split total people over k teams of 4..most (9 only when the total needs it;
 * smaller only when total < 4). */
static void team_sizes(lsn_gen *g, int *sizes, int k, int total, int forced_small, int most)
{
    if (total > most * k) {
        most = 9;
    }
    for (int i = 0; i < k; i++) {
        sizes[i] = total / k;
    }
    for (int i = 0; i < total % k; i++) {
        sizes[i]++;
    }
    /* Jitter while keeping the sum and the bounds. */
    for (int round = 0; round < k * 3; round++) {
        int a = (int)rng_below(&g->r, (uint32_t)k), b = (int)rng_below(&g->r, (uint32_t)k);
        if (a != b && sizes[a] > 4 && sizes[b] < most) {
            sizes[a]--;
            sizes[b]++;
        }
    }
    /* The first forced_small teams get exactly 4 (a pair that works as one). */
    for (int i = 0; i < forced_small && i < k; i++) {
        while (sizes[i] > 4) {
            int j = -1;
            for (int t = forced_small; t < k; t++) {
                if (sizes[t] < most && (j < 0 || sizes[t] < sizes[j])) {
                    j = t;
                }
            }
            if (j < 0) {
                break;
            }
            sizes[i]--;
            sizes[j]++;
        }
    }
}

/* Fill unit u (already headed by g->units[u].head) with r more people. */
static int fill_unit(lsn_gen *g, int32_t u, int r, int depth)
{
    uint8_t dept = g->ui[u].dept;
    int32_t head = g->units[u].head;
    int k = teams_for(r, dept);
    if (k == 0) {
        return LSN_OK;
    }
    char name[200], id[200];
    if (k <= FANOUT) {
        g->ui[u].bottom = true;
        int sizes[FANOUT];
        bool eng = dept == D_ENG;
        int32_t bi = eng ? g->bottom_counter++ : -1;
        int forced = (eng && bi % 4 == 0 && k >= 4 && r - 8 <= 9 * (k - 2)) ? 2 : 0;
        team_sizes(g, sizes, k, r, forced, eng ? 7 : 8);
        int32_t first_team = -1;
        for (int t = 0; t < k; t++) {
            /* The last team of the second product line is an isolated lab. */
            bool isolated = eng && bi == 1 && t == k - 1 && k >= 3 && g->opts.people >= 100;
            if (isolated) {
                snprintf(name, sizeof(name), "%s Research Lab", g->units[u].name);
                g->ui[u].nchild++;
            } else {
                child_name(g, name, sizeof(name), u, dept, true, false);
            }
            slug(id, sizeof(id), name);
            char full[240];
            snprintf(full, sizeof(full), "%s-%s", depts[dept].prefix, id);
            size_t pl = strlen(depts[dept].prefix);
            if (strncmp(id, depts[dept].prefix, pl) == 0 && (id[pl] == '-' || id[pl] == '\0')) {
                snprintf(full, sizeof(full), "%s", id);
            }
            int32_t zone =
                isolated ? Z_KOL : region_zone(name, pick_zone(g, dept, g->units[u].zone));
            int32_t team;
            TRY(add_unit(g, &team, full, name, u, true, dept, zone));
            g->ui[team].isolated = isolated;
            int32_t manager = -1;
            for (int m = 0; m < sizes[t]; m++) {
                int32_t p;
                TRY(add_person(g, &p, team, m == 0 ? head : manager, zone));
                if (m == 0) {
                    manager = p;
                    g->units[team].head = p;
                }
            }
            if (forced && t == 0) {
                first_team = team;
            } else if (forced && t == 1) {
                g->ui[first_team].joint = team;
                g->ui[team].joint = first_team;
            }
        }
        return LSN_OK;
    }
    /* Too many teams for one head: sub-units whose heads form a leads team. */
    int c = (k + FANOUT - 1) / FANOUT;
    if (c > FANOUT) {
        c = FANOUT;
    }
    int32_t leads;
    snprintf(name, sizeof(name), "%s leadership", g->units[u].name);
    snprintf(id, sizeof(id), "%s-leads", g->units[u].id);
    TRY(add_unit(g, &leads, id, name, u, true, dept, g->units[u].zone));
    g->ui[leads].leads = true;
    g->units[leads].head = head;
    int parts[FANOUT];
    for (int i = 0; i < c; i++) {
        parts[i] = r / c;
    }
    for (int i = 0; i < r % c; i++) {
        parts[i]++;
    }
    for (int i = 0; i + 1 < c; i += 2) {
        int d = rng_range(&g->r, 0, parts[i] / 10);
        parts[i] -= d;
        parts[i + 1] += d;
    }
    for (int i = 0; i < c; i++) {
        bool bottom = teams_for(parts[i] - 1, dept) <= FANOUT;
        child_name(g, name, sizeof(name), u, dept, false, bottom);
        slug(id, sizeof(id), name);
        char full[240];
        size_t pl = strlen(depts[dept].prefix);
        if (strncmp(id, depts[dept].prefix, pl) == 0 && (id[pl] == '-' || id[pl] == '\0')) {
            snprintf(full, sizeof(full), "%s", id);
        } else {
            snprintf(full, sizeof(full), "%s-%s", depts[dept].prefix, id);
        }
        int32_t sub, subhead;
        TRY(add_unit(g, &sub, full, name, u, false, dept,
                     region_zone(name, pick_zone(g, dept, g->units[u].zone))));
        TRY(add_person(g, &subhead, leads, head, g->units[sub].zone));
        g->units[sub].head = subhead;
        TRY(fill_unit(g, sub, parts[i] - 1, depth + 1));
    }
    return LSN_OK;
}

static int build_org(lsn_gen *g)
{
    int n = g->opts.people;
    int32_t root;
    TRY(add_unit(g, &root, g->company_id, g->company_name, -1, false, D_NONE, Z_NY));
    TRY(add_unit(g, &g->leadership, "leadership", "Leadership team", root, true, D_NONE, Z_NY));
    TRY(add_person(g, &g->ceo, g->leadership, -1, Z_NY));
    g->units[root].head = g->ceo;
    g->units[g->leadership].head = g->ceo;

    /* Choose how many departments fit: each must get at least 5 people. */
    int share[D_COUNT] = {0};
    int ndept = D_COUNT;
    for (; ndept >= 1; ndept--) {
        double wsum = 0;
        for (int i = 0; i < ndept; i++) {
            wsum += depts[dept_priority[i]].weight;
        }
        int rest = n - 1, given = 0;
        double frac[D_COUNT] = {0};
        memset(share, 0, sizeof(share));
        for (int i = 0; i < ndept; i++) {
            int d = dept_priority[i];
            double x = depts[d].weight / wsum * rest;
            share[d] = (int)x;
            frac[d] = x - share[d];
            given += share[d];
        }
        while (given < rest) {
            int best = -1;
            for (int i = 0; i < ndept; i++) {
                int d = dept_priority[i];
                if (best < 0 || frac[d] > frac[best]) {
                    best = d;
                }
            }
            share[best]++;
            frac[best] = -1;
            given++;
        }
        bool ok = true;
        for (int i = 0; i < ndept; i++) {
            ok = ok && share[dept_priority[i]] >= 5;
        }
        if (ok) {
            break;
        }
    }
    for (int d = 0; d < D_COUNT; d++) {
        g->dept_unit[d] = -1;
    }
    for (int d = 0; d < D_COUNT; d++) {
        if (share[d] == 0) {
            continue;
        }
        int32_t u, head;
        TRY(add_unit(g, &u, depts[d].prefix, depts[d].name, root, false, (uint8_t)d,
                     depts[d].zones[0]));
        g->dept_unit[d] = u;
        TRY(add_person(g, &head, g->leadership, g->ceo, g->units[u].zone));
        g->units[u].head = head;
        TRY(fill_unit(g, u, share[d] - 1, 1));
    }
    if (g->npeople != (size_t)n) {
        return lsn_error_set(LSN_EINTERNAL, "generator: built %zu people instead of %d", g->npeople,
                             n);
    }
    /* Units are in pre-order: a subtree is the range [u, end). */
    for (size_t u = 0; u < g->nunits; u++) {
        g->ui[u].end = (int32_t)u + 1;
    }
    for (size_t u = g->nunits; u-- > 1;) {
        int32_t p = g->units[u].parent;
        if (g->ui[p].end < g->ui[u].end) {
            g->ui[p].end = g->ui[u].end;
        }
    }
    /* Members of each team, in roster order. */
    g->members = malloc(g->npeople * sizeof(int32_t));
    if (g->members == NULL) {
        return oom();
    }
    for (size_t p = 0; p < g->npeople; p++) {
        g->ui[g->people[p].team].count++;
    }
    int32_t pos = 0;
    for (size_t u = 0; u < g->nunits; u++) {
        g->ui[u].first = pos;
        pos += g->ui[u].count;
        g->ui[u].count = 0;
    }
    for (size_t p = 0; p < g->npeople; p++) {
        uinfo *ui = &g->ui[g->people[p].team];
        g->members[ui->first + ui->count++] = (int32_t)p;
    }
    return LSN_OK;
}

/* ------------------------------------------------------------------ */
/* Series                                                               */
/* ------------------------------------------------------------------ */

static int new_series(lsn_gen *g,
                      int32_t *out,
                      lsn_gen_kind kind,
                      int32_t team,
                      int32_t organizer,
                      const char *summary,
                      int32_t zone,
                      int32_t day,
                      int32_t minute,
                      int32_t duration)
{
    size_t cap = g->cap_series;
    TRY(reserve((void **)&g->series, &g->cap_series, g->nseries, sizeof(lsn_gen_series)));
    if (cap != g->cap_series) {
        uint8_t *f = realloc(g->sflags, g->cap_series);
        if (f == NULL) {
            return oom();
        }
        g->sflags = f;
    }
    int32_t s = (int32_t)g->nseries++;
    lsn_gen_series *x = &g->series[s];
    memset(x, 0, sizeof(*x));
    g->sflags[s] = 0;
    g->uid_counter++;
    x->uid =
        arena_printf(g, "%s-%06llx-%08llx@%s", kind_names[kind], (unsigned long long)g->uid_counter,
                     (unsigned long long)(rng_next(&g->r) >> 32), g->domain);
    x->summary = arena_strdup(g, summary);
    if (x->uid == NULL || x->summary == NULL) {
        return oom();
    }
    x->location = "";
    x->description = "";
    x->kind = kind;
    x->team = team;
    x->organizer = organizer;
    x->zone = zone;
    x->day = day;
    x->minute = minute;
    x->duration = duration;
    x->rule.freq = LSN_GEN_ONCE;
    x->rule.interval = 1;
    x->rule.until_day = INT32_MAX;
    *out = s;
    return LSN_OK;
}

static int add_att(lsn_gen *g, int32_t s, int32_t who, lsn_gen_role role, lsn_gen_partstat ps)
{
    lsn_gen_series *x = &g->series[s];
    for (size_t i = 0; i < x->attendee_count; i++) {
        if (x->attendees[i].party == who) {
            return LSN_OK;
        }
    }
    size_t n = x->attendee_count;
    if ((n & (n - 1)) == 0) {
        size_t ncap = n < 4 ? 4 : n * 2;
        void *q = realloc(x->attendees, ncap * sizeof(lsn_gen_attendee));
        if (q == NULL) {
            return oom();
        }
        x->attendees = q;
    }
    x->attendees[n].party = who;
    x->attendees[n].role = (uint8_t)role;
    x->attendees[n].partstat = (uint8_t)ps;
    x->attendee_count = n + 1;
    return LSN_OK;
}

/* A roster attendee with a random but realistic reply. */
static int add_person_att(lsn_gen *g, int32_t s, int32_t who, lsn_gen_role role)
{
    lsn_gen_partstat ps = LSN_GEN_ACCEPTED;
    if (who == g->series[s].organizer) {
        ps = LSN_GEN_ACCEPTED;
    } else if (rng_chance(&g->r, 0.05)) {
        ps = LSN_GEN_DECLINED;
    } else if (rng_chance(&g->r, 0.03)) {
        ps = LSN_GEN_TENTATIVE;
    }
    return add_att(g, s, who, role, ps);
}

static void set_weekly(lsn_gen *g, int32_t s, uint8_t byday, int interval)
{
    lsn_gen_series *x = &g->series[s];
    x->rule.freq = LSN_GEN_WEEKLY;
    x->rule.byday = byday;
    x->rule.interval = interval;
    /* DTSTART is the first day of the rule on or after the given day. */
    while (!(byday & (1u << weekday(x->day)))) {
        x->day++;
    }
}

static void set_monthly(lsn_gen *g, int32_t s, int wd, int nth)
{
    lsn_gen_series *x = &g->series[s];
    x->rule.freq = LSN_GEN_MONTHLY;
    x->rule.byday = (uint8_t)(1u << wd);
    x->rule.nth = (int8_t)nth;
    int y, m, d;
    lsn_gen_civil(x->day, &y, &m, &d);
    for (;;) {
        int32_t day = nth_weekday(y, m, wd, nth);
        if (day >= x->day) {
            x->day = day;
            return;
        }
        if (++m > 12) {
            m = 1;
            y++;
        }
    }
}

static int32_t party_zone(const lsn_gen *g, int32_t who)
{
    return who >= 0 && (size_t)who < g->npeople ? g->people[who].zone : Z_UTC;
}

static int room(lsn_gen *g, int32_t *out, int32_t zone, int k)
{
    char email[200], name[160];
    static const char *const floors = "ABCDEF";
    int floor = 2 + k % 5;
    char letter = floors[(k / 5) % 6];
    snprintf(email, sizeof(email), "room-%d%c-%s@rooms.%s", floor, letter + ('a' - 'A'),
             zone_names[zone] + (strchr(zone_names[zone], '/') != NULL
                                     ? (strchr(zone_names[zone], '/') - zone_names[zone]) + 1
                                     : 0),
             g->domain);
    /* Lowercase the city part of the address. */
    for (char *c = email; *c != '\0'; c++) {
        if (*c >= 'A' && *c <= 'Z') {
            *c = (char)(*c - 'A' + 'a');
        } else if (*c == '_') {
            *c = '-';
        }
    }
    snprintf(name, sizeof(name), "Room %d%c (%s)", floor, letter, zone_cities[zone]);
    return party(g, out, email, name, LSN_GEN_ROOM);
}

static int add_room(lsn_gen *g, int32_t s, int k)
{
    lsn_gen_series *x = &g->series[s];
    int32_t z = x->zone == Z_UTC ? party_zone(g, x->organizer) : x->zone;
    if (z == Z_UTC) {
        return LSN_OK; /* remote people book no room */
    }
    int32_t r;
    TRY(room(g, &r, z, k));
    TRY(add_att(g, s, r, LSN_GEN_REQ, LSN_GEN_ACCEPTED));
    x = &g->series[s];
    x->location = g->parties[r].name;
    return LSN_OK;
}

static int video_link(lsn_gen *g, int32_t s)
{
    static const char letters[] = "abcdefghijklmnopqrstuvwxyz";
    char code[16];
    for (int i = 0; i < 12; i++) {
        code[i] = (i == 3 || i == 8) ? '-' : letters[rng_below(&g->r, 26)];
    }
    code[12] = '\0';
    const char *loc = arena_printf(g, "https://meet.%s/%s", g->domain, code);
    if (loc == NULL) {
        return oom();
    }
    g->series[s].location = loc;
    return LSN_OK;
}

static int32_t team_member(const lsn_gen *g, int32_t team, int32_t i)
{
    const uinfo *ui = &g->ui[team];
    if (ui->count == 0) {
        return -1;
    }
    return g->members[ui->first + (i % ui->count)];
}

/* A "regular" team: people work in it (not a leads team, not the leadership). */
static bool regular_team(const lsn_gen *g, int32_t u)
{
    return g->units[u].team && !g->ui[u].leads && g->ui[u].dept != D_NONE && g->ui[u].count > 0;
}

/* Team rituals: stand-up, planning, retro and demo, for one team or a joint pair. */
/* A team member at a ritual; both halves of a joint pair always accept, so
 * that neither team holds a majority of their shared meetings. */
static int add_member(lsn_gen *g, int32_t s, int32_t p, bool joint)
{
    if (joint) {
        return add_att(g, s, p, LSN_GEN_REQ, LSN_GEN_ACCEPTED);
    }
    return add_person_att(g, s, p, LSN_GEN_REQ);
}

static int team_rituals(lsn_gen *g, int32_t team)
{
    uinfo *ui = &g->ui[team];
    if (ui->joint >= 0 && ui->joint < team) {
        return LSN_OK; /* made with its partner */
    }
    const dept_def *d = &depts[ui->dept];
    int32_t partner = ui->joint;
    int32_t manager = g->units[team].head;
    int32_t zone = g->units[team].zone;
    char title[300];
    if (partner >= 0) {
        snprintf(title, sizeof(title), "%s + %s", g->units[team].name, g->units[partner].name);
    } else {
        snprintf(title, sizeof(title), "%s", g->units[team].name);
    }
    int32_t teams[2] = {team, partner};
    int nteams = partner >= 0 ? 2 : 1;
    char summary[400];
    int32_t s;

    if (d->standup_days) {
        snprintf(summary, sizeof(summary), "%s %s", title, d->standup);
        int minute = 9 * 60 + 15 * rng_range(&g->r, 0, 5);
        TRY(new_series(g, &s, LSN_GEN_STANDUP, team, manager, summary, zone, g->win_start, minute,
                       15));
        set_weekly(g, s, d->standup_days, 1);
        g->series[s].use_duration = rng_chance(&g->r, 0.3);
        TRY(video_link(g, s));
        TRY(add_person_att(g, s, manager, LSN_GEN_REQ));
        for (int t = 0; t < nteams; t++) {
            for (int32_t i = 0; i < g->ui[teams[t]].count; i++) {
                TRY(add_member(g, s, team_member(g, teams[t], i), partner >= 0));
            }
            g->ui[teams[t]].standup = s;
        }
    }
    snprintf(summary, sizeof(summary), "%s %s", title, d->planning);
    int wd = rng_chance(&g->r, 0.7) ? 0 : 1;
    TRY(new_series(g, &s, LSN_GEN_PLANNING, team, manager, summary, zone, g->win_start + wd,
                   11 * 60, d->planning_min));
    set_weekly(g, s, (uint8_t)(1u << wd), 1);
    g->series[s].sequence = rng_range(&g->r, 0, 2);
    TRY(add_person_att(g, s, manager, LSN_GEN_REQ));
    for (int t = 0; t < nteams; t++) {
        for (int32_t i = 0; i < g->ui[teams[t]].count; i++) {
            TRY(add_member(g, s, team_member(g, teams[t], i), partner >= 0));
        }
        g->ui[teams[t]].planning = s;
    }
    TRY(add_room(g, s, (int)team));

    if (d->retro) {
        snprintf(summary, sizeof(summary), "%s retro", title);
        int rwd = rng_chance(&g->r, 0.5) ? 3 : 4;
        int32_t first = g->win_start + rwd + 7 * rng_range(&g->r, 0, 1);
        TRY(new_series(g, &s, LSN_GEN_RETRO, team, manager, summary, zone, first, 15 * 60, 60));
        set_weekly(g, s, (uint8_t)(1u << rwd), 2);
        TRY(add_person_att(g, s, manager, LSN_GEN_REQ));
        for (int t = 0; t < nteams; t++) {
            for (int32_t i = 0; i < g->ui[teams[t]].count; i++) {
                TRY(add_member(g, s, team_member(g, teams[t], i), partner >= 0));
            }
            g->ui[teams[t]].retro = s;
        }
        TRY(add_room(g, s, (int)team + 1));
    }
    if (d->demo && partner < 0 && rng_chance(&g->r, 0.6)) {
        snprintf(summary, sizeof(summary), "%s demo", title);
        int32_t first = g->win_start + 2 + 7 * rng_range(&g->r, 0, 1);
        TRY(new_series(g, &s, LSN_GEN_DEMO, team, manager, summary, zone, first, 16 * 60, 30));
        set_weekly(g, s, 1u << 2, 2);
        TRY(video_link(g, s));
        TRY(add_person_att(g, s, manager, LSN_GEN_REQ));
        for (int32_t i = 0; i < ui->count; i++) {
            TRY(add_person_att(g, s, team_member(g, team, i), LSN_GEN_REQ));
        }
        g->ui[team].demo = s;
    }
    return LSN_OK;
}

/* Make a demo for a team that has none (a planted low-context liaison needs one). */
static int ensure_demo(lsn_gen *g, int32_t team)
{
    if (g->ui[team].demo >= 0) {
        return LSN_OK;
    }
    char summary[300];
    int32_t s, manager = g->units[team].head;
    snprintf(summary, sizeof(summary), "%s demo", g->units[team].name);
    TRY(new_series(g, &s, LSN_GEN_DEMO, team, manager, summary, g->units[team].zone,
                   g->win_start + 2, 16 * 60, 30));
    set_weekly(g, s, 1u << 2, 2);
    TRY(video_link(g, s));
    TRY(add_person_att(g, s, manager, LSN_GEN_REQ));
    for (int32_t i = 0; i < g->ui[team].count; i++) {
        TRY(add_person_att(g, s, team_member(g, team, i), LSN_GEN_REQ));
    }
    g->ui[team].demo = s;
    return LSN_OK;
}

static bool person_isolated(const lsn_gen *g, int32_t p)
{
    return g->ui[g->people[p].team].isolated;
}

/* Weekly staff meeting of each unit head with their direct reports. */
static int staff_meetings(lsn_gen *g)
{
    /* Direct reports of every person, grouped (CSR). */
    size_t np = g->npeople;
    int32_t *first = calloc(np + 1, sizeof(int32_t));
    int32_t *list = malloc((np ? np : 1) * sizeof(int32_t));
    int rc = LSN_OK;
    if (first == NULL || list == NULL) {
        rc = oom();
        goto cleanup;
    }
    for (size_t p = 0; p < np; p++) {
        if (g->people[p].manager >= 0) {
            first[g->people[p].manager + 1]++;
        }
    }
    for (size_t p = 0; p < np; p++) {
        first[p + 1] += first[p];
    }
    {
        int32_t *fill = calloc(np ? np : 1, sizeof(int32_t));
        if (fill == NULL) {
            rc = oom();
            goto cleanup;
        }
        for (size_t p = 0; p < np; p++) {
            int32_t m = g->people[p].manager;
            if (m >= 0) {
                list[first[m] + fill[m]++] = (int32_t)p;
            }
        }
        free(fill);
    }
    for (size_t u = 0; u < g->nunits; u++) {
        if (g->units[u].team) {
            continue;
        }
        int32_t head = g->units[u].head;
        char summary[300];
        if (u == 0) {
            snprintf(summary, sizeof(summary), "Leadership team weekly");
        } else {
            snprintf(summary, sizeof(summary), "%s staff meeting", g->units[u].name);
        }
        int32_t s;
        int32_t zone = g->people[head].zone;
        rc = new_series(g, &s, LSN_GEN_STAFF, (int32_t)u, head, summary, zone, g->win_start + 1,
                        14 * 60, 60);
        if (rc < 0) {
            goto cleanup;
        }
        set_weekly(g, s, 1u << 1, 1);
        g->series[s].sequence = 1;
        if ((rc = add_person_att(g, s, head, LSN_GEN_REQ)) < 0) {
            goto cleanup;
        }
        for (int32_t i = first[head]; i < first[head + 1]; i++) {
            int32_t p = list[i];
            if (person_isolated(g, p)) {
                continue;
            }
            if ((rc = add_person_att(g, s, p, LSN_GEN_REQ)) < 0) {
                goto cleanup;
            }
        }
        if ((rc = add_room(g, s, (int)u + 7)) < 0) {
            goto cleanup;
        }
    }
cleanup:
    free(first);
    free(list);
    return rc;
}

static int one_on_ones(lsn_gen *g)
{
    for (size_t p = 0; p < g->npeople; p++) {
        int32_t m = g->people[p].manager;
        if (m < 0) {
            continue;
        }
        /* The isolated lab's manager has no recorded 1:1 with her head. */
        if (person_isolated(g, (int32_t)p) && !person_isolated(g, m)) {
            continue;
        }
        char summary[300];
        snprintf(summary, sizeof(summary), "1:1 %s / %s", g->people[m].name, g->people[p].name);
        int wd = rng_range(&g->r, 0, 4);
        int minute = 11 * 60 + 30 * rng_range(&g->r, 0, 11);
        int32_t s;
        TRY(new_series(g, &s, LSN_GEN_ONE_ON_ONE, g->people[p].team, m, summary, g->people[m].zone,
                       g->win_start + wd, minute, 30));
        set_weekly(g, s, (uint8_t)(1u << wd), rng_chance(&g->r, 0.2) ? 2 : 1);
        g->series[s].use_duration = rng_chance(&g->r, 0.2);
        TRY(video_link(g, s));
        TRY(add_att(g, s, m, LSN_GEN_REQ, LSN_GEN_ACCEPTED));
        TRY(add_att(g, s, (int32_t)p, LSN_GEN_REQ, LSN_GEN_ACCEPTED));
    }
    return LSN_OK;
}

static bool synced(const lsn_gen *g, int32_t a, int32_t b)
{
    for (size_t i = 0; i + 1 < g->nsync; i += 2) {
        if ((g->sync[i] == a && g->sync[i + 1] == b) || (g->sync[i] == b && g->sync[i + 1] == a)) {
            return true;
        }
    }
    return false;
}

static int add_need(lsn_gen *g, int32_t team, int32_t from, lsn_context c, bool avail)
{
    for (size_t i = 0; i < g->nneeds; i++) {
        if (g->needs[i].team == team && g->needs[i].from == from) {
            return LSN_OK;
        }
    }
    TRY(reserve((void **)&g->needs, &g->cap_needs, g->nneeds, sizeof(lsn_gen_need)));
    lsn_gen_need *n = &g->needs[g->nneeds++];
    n->team = team;
    n->from = from;
    n->context = c;
    n->availability = avail;
    return LSN_OK;
}

/* A sync between two teams: both managers and both tech leads. */
static int sync_teams(lsn_gen *g, int32_t a, int32_t b, bool declare)
{
    char summary[400];
    snprintf(summary, sizeof(summary), "%s \xe2\x87\x84 %s sync", g->units[a].name,
             g->units[b].name);
    int32_t ma = g->units[a].head, mb = g->units[b].head;
    bool same = g->units[a].zone == g->units[b].zone;
    int32_t zone = same ? g->units[a].zone : Z_UTC;
    int wd = rng_range(&g->r, 1, 3);
    int minute = same ? 11 * 60 + 30 : 14 * 60;
    int32_t s;
    TRY(new_series(g, &s, LSN_GEN_SYNC, a, ma, summary, zone, g->win_start + wd, minute,
                   rng_chance(&g->r, 0.5) ? 30 : 45));
    set_weekly(g, s, (uint8_t)(1u << wd), rng_chance(&g->r, 0.65) ? 1 : 2);
    TRY(video_link(g, s));
    TRY(add_person_att(g, s, ma, LSN_GEN_REQ));
    TRY(add_person_att(g, s, mb, LSN_GEN_REQ));
    if (g->ui[a].count > 1) {
        TRY(add_person_att(g, s, team_member(g, a, 1), LSN_GEN_REQ));
    }
    if (g->ui[b].count > 1) {
        TRY(add_person_att(g, s, team_member(g, b, 1),
                           rng_chance(&g->r, 0.3) ? LSN_GEN_OPT : LSN_GEN_REQ));
    }
    TRY(reserve((void **)&g->sync, &g->cap_sync, g->nsync + 1, sizeof(int32_t)));
    g->sync[g->nsync++] = a;
    g->sync[g->nsync++] = b;
    if (declare) {
        TRY(add_need(g, a, b, LSN_CONTEXT_MODERATE, false));
    }
    return LSN_OK;
}

/* Regular, non-isolated, non-joint teams directly under unit u. */
static size_t child_teams(const lsn_gen *g, int32_t u, int32_t *out, size_t cap)
{
    size_t n = 0;
    for (size_t t = (size_t)u + 1; t < (size_t)g->ui[u].end; t++) {
        if (g->units[t].parent == u && regular_team(g, (int32_t)t) && !g->ui[t].isolated &&
            g->ui[t].joint < 0) {
            if (n < cap) {
                out[n] = (int32_t)t;
            }
            n++;
        }
    }
    return n < cap ? n : cap;
}

/* Engineering product lines: the org units whose children are teams. */
static size_t eng_bottoms(const lsn_gen *g, int32_t *out, size_t cap)
{
    size_t n = 0;
    int32_t eng = g->dept_unit[D_ENG];
    if (eng < 0) {
        return 0;
    }
    for (size_t u = (size_t)eng; u < g->nunits; u++) {
        if (g->ui[u].dept == D_ENG && !g->units[u].team && g->ui[u].bottom && n < cap) {
            out[n++] = (int32_t)u;
        }
    }
    return n;
}

/* Regular teams of a department, in hierarchy order. */
static size_t dept_teams(const lsn_gen *g, int d, int32_t *out, size_t cap, const char *name_has)
{
    size_t n = 0;
    for (size_t u = 0; u < g->nunits && n < cap; u++) {
        if (g->ui[u].dept == d && regular_team(g, (int32_t)u) && !g->ui[u].isolated &&
            (name_has == NULL || strstr(g->units[u].name, name_has) != NULL)) {
            out[n++] = (int32_t)u;
        }
    }
    return n;
}

static int team_syncs(lsn_gen *g)
{
    int32_t *kids = malloc(g->nunits * sizeof(int32_t));
    int32_t *bottoms = malloc(g->nunits * sizeof(int32_t));
    int rc = LSN_OK;
    if (kids == NULL || bottoms == NULL) {
        rc = oom();
        goto cleanup;
    }
    for (size_t u = 0; u < g->nunits; u++) {
        if (g->units[u].team || !g->ui[u].bottom) {
            continue;
        }
        size_t k = child_teams(g, (int32_t)u, kids, g->nunits);
        for (size_t i = 0; i + 1 < k; i++) {
            if (rng_chance(&g->r, 0.55)) {
                if ((rc = sync_teams(g, kids[i], kids[i + 1], rng_chance(&g->r, 0.7))) < 0) {
                    goto cleanup;
                }
            }
        }
    }
    /* Across product lines: the first teams of neighbouring lines. */
    size_t nb = eng_bottoms(g, bottoms, g->nunits);
    for (size_t b = 0; b + 1 < nb; b++) {
        size_t ka = child_teams(g, bottoms[b], kids, 1);
        int32_t a = ka ? kids[0] : -1;
        size_t kb = child_teams(g, bottoms[b + 1], kids, 1);
        int32_t c = kb ? kids[0] : -1;
        if (a >= 0 && c >= 0 && rng_chance(&g->r, 0.5)) {
            if ((rc = sync_teams(g, a, c, true)) < 0) {
                goto cleanup;
            }
        }
    }
    /* Declared needs across product lines that nobody meets: missing links. */
    for (size_t b = 0; b < nb && nb > 1; b++) {
        size_t ka = child_teams(g, bottoms[b], kids, g->nunits);
        if (ka < 2) {
            continue;
        }
        int32_t a = kids[ka - 1];
        size_t kb = child_teams(g, bottoms[(b + 1) % nb], kids, g->nunits);
        if (kb < 2) {
            continue;
        }
        int32_t c = kids[1];
        if (!synced(g, a, c)) {
            if ((rc = add_need(g, a, c, LSN_CONTEXT_MODERATE, false)) < 0) {
                goto cleanup;
            }
        }
    }
cleanup:
    free(kids);
    free(bottoms);
    return rc;
}

/* Split a weekly series at `day`: the original ends before it, a copy (new
 * UID) continues from it. This is what "edit this and following events" does. */
static int split_series(lsn_gen *g, int32_t *out, int32_t s, int32_t day)
{
    lsn_gen_series *x = &g->series[s];
    int32_t n;
    char summary[400];
    snprintf(summary, sizeof(summary), "%s", x->summary);
    TRY(new_series(g, &n, x->kind, x->team, x->organizer, summary, x->zone, day, x->minute,
                   x->duration));
    x = &g->series[s];
    lsn_gen_series *y = &g->series[n];
    y->location = x->location;
    y->description = x->description;
    y->rule = x->rule;
    set_weekly(g, n, x->rule.byday, x->rule.interval);
    y = &g->series[n];
    x->rule.until_day = day - 1;
    for (size_t i = 0; i < x->attendee_count; i++) {
        TRY(add_att(g, n, x->attendees[i].party, (lsn_gen_role)x->attendees[i].role,
                    (lsn_gen_partstat)x->attendees[i].partstat));
        x = &g->series[s];
    }
    g->sflags[s] |= SF_PROTECTED;
    g->sflags[n] |= SF_PROTECTED;
    *out = n;
    return LSN_OK;
}

/* The k-th non-manager member of a team (wrapping), or the manager when alone. */
static int32_t worker(const lsn_gen *g, int32_t team, int32_t k)
{
    const uinfo *ui = &g->ui[team];
    if (ui->count <= 1) {
        return team_member(g, team, 0);
    }
    return g->members[ui->first + 1 + (k % (ui->count - 1))];
}

/* Of teams kids[0..k-1], the one carrying the fewest planted guests so far
 * (ties: the first); with unsplit, only teams whose planning is not split. */
static int32_t least_loaded(const lsn_gen *g,
                            const int32_t *kids,
                            size_t k,
                            const int32_t *load,
                            bool unsplit,
                            int32_t exclude)
{
    int32_t best = -1;
    for (size_t i = 0; i < k; i++) {
        int32_t t = kids[i];
        if (t == exclude || (unsplit && g->ui[t].split)) {
            continue;
        }
        if (best < 0 || load[t] < load[best]) {
            best = t;
        }
    }
    return best;
}

/* Liaisons, their declared needs, and the planted misuses (SPEC §2, §3). */
static int plant_liaisons(lsn_gen *g)
{
    int rc = LSN_OK;
    size_t cap = g->nunits;
    int32_t *bottoms = malloc(cap * sizeof(int32_t));
    int32_t *kids = malloc(cap * sizeof(int32_t));
    int32_t *pmm = malloc(cap * sizeof(int32_t));
    int32_t *pd = malloc(cap * sizeof(int32_t));
    int32_t *sup = malloc(cap * sizeof(int32_t));
    int32_t *sec = malloc(cap * sizeof(int32_t));
    int32_t *other = malloc(cap * sizeof(int32_t));
    int32_t *load = calloc(cap, sizeof(int32_t)); /* planted guests per team */
    if (!bottoms || !kids || !pmm || !pd || !sup || !sec || !other || !load) {
        rc = oom();
        goto cleanup;
    }
    size_t nb = eng_bottoms(g, bottoms, cap);
    size_t npmm = dept_teams(g, D_MARKETING, pmm, cap, "Product Marketing");
    size_t npd = dept_teams(g, D_DESIGN, pd, cap, "Product Design");
    if (npd == 0) {
        npd = dept_teams(g, D_DESIGN, pd, cap, NULL);
    }
    size_t nsup = dept_teams(g, D_SUPPORT, sup, cap, NULL);
    size_t nsec = dept_teams(g, D_SECURITY, sec, cap, NULL);
    int weeks = g->opts.weeks;
    int32_t pmm_k = 0, pd_k = 0, sup_k = 0;

#define CHECK(expr)                                                                                \
    do {                                                                                           \
        if ((rc = (expr)) < 0) {                                                                   \
            goto cleanup;                                                                          \
        }                                                                                          \
    } while (0)

    for (size_t b = 0; b < nb; b++) {
        int32_t pl = bottoms[b];
        size_t k = child_teams(g, pl, kids, cap);
        if (k == 0) {
            continue;
        }
        /* Security needs deep context: one embedded engineer, or nobody. */
        if (nsec > 0) {
            int32_t ct = sec[b % nsec];
            CHECK(add_need(g, ct, pl, LSN_CONTEXT_DEEP, false));
            if (b % 3 == 0) {
                int32_t p = worker(g, ct, (int32_t)b);
                int32_t t = least_loaded(g, kids, k, load, false, -1);
                int32_t rituals[3] = {g->ui[t].standup, g->ui[t].planning, g->ui[t].retro};
                for (int r = 0; r < 3; r++) {
                    if (rituals[r] >= 0) {
                        CHECK(add_att(g, rituals[r], p, LSN_GEN_REQ, LSN_GEN_ACCEPTED));
                    }
                }
                load[t]++;
                g->ui[pl].sec_liaison = p;
            }
        }
        /* Product marketing: a liaison per product line (every third line has
         * only a late joiner with 4 instances, every third has nobody). */
        if (npmm > 0) {
            int32_t mt = pmm[b % npmm];
            CHECK(add_need(g, mt, pl, LSN_CONTEXT_MODERATE, false));
            if (b % 3 == 0) {
                int32_t p = worker(g, mt, pmm_k++);
                int32_t t = least_loaded(g, kids, k, load, false, -1);
                int32_t u = least_loaded(g, kids, k, load, false, t);
                CHECK(add_att(g, g->ui[t].planning, p, LSN_GEN_OPT, LSN_GEN_ACCEPTED));
                load[t]++;
                if (u >= 0) {
                    CHECK(add_att(g, g->ui[u].planning, p, LSN_GEN_OPT, LSN_GEN_ACCEPTED));
                    load[u]++;
                }
            } else if (b % 3 == 1 && weeks >= 6) {
                int32_t t = least_loaded(g, kids, k, load, true, -1), n;
                if (t >= 0) {
                    CHECK(split_series(g, &n, g->ui[t].planning, g->win_start + 7 * (weeks - 4)));
                    g->ui[t].split = true;
                    CHECK(add_att(g, n, worker(g, mt, pmm_k++), LSN_GEN_OPT, LSN_GEN_ACCEPTED));
                    load[t]++;
                }
            }
        }
        /* Product design: designers embedded in stand-ups and planning. */
        if (npd > 0) {
            int32_t dt = pd[b % npd];
            CHECK(add_need(g, dt, pl, LSN_CONTEXT_MODERATE, false));
            size_t cover = b % 2 == 0 ? 2 : 1;
            int32_t done = -1;
            for (size_t i = 0; i < k && i < cover; i++) {
                int32_t t = least_loaded(g, kids, k, load, false, done);
                int32_t p = worker(g, dt, pd_k++);
                if (g->ui[t].standup >= 0) {
                    CHECK(add_att(g, g->ui[t].standup, p, LSN_GEN_OPT, LSN_GEN_ACCEPTED));
                }
                CHECK(add_att(g, g->ui[t].planning, p, LSN_GEN_REQ, LSN_GEN_ACCEPTED));
                load[t]++;
                done = t;
            }
            /* An unstable liaison: one designer in the first half, another after. */
            if (b % 5 == 0 && k >= 3 && weeks >= 10) {
                int32_t t = least_loaded(g, kids, k, load, true, -1), n;
                if (t >= 0) {
                    CHECK(split_series(g, &n, g->ui[t].planning, g->win_start + 7 * 7));
                    g->ui[t].split = true;
                    CHECK(add_att(g, g->ui[t].planning, worker(g, dt, pd_k++), LSN_GEN_REQ,
                                  LSN_GEN_ACCEPTED));
                    CHECK(add_att(g, n, worker(g, dt, pd_k++), LSN_GEN_REQ, LSN_GEN_ACCEPTED));
                    load[t]++;
                }
            }
        }
        /* Support needs an engineer on call: one liaison (fragile) or nobody
         * but a late joiner with only 3 instances (missing). */
        if (nsup > 0) {
            int32_t st = sup[b % nsup];
            int32_t x = least_loaded(g, kids, k, load, true, -1);
            if (x < 0) {
                x = kids[k - 1];
            }
            CHECK(add_need(g, st, x, LSN_CONTEXT_MODERATE, true));
            if (b % 2 == 0) {
                CHECK(add_att(g, g->ui[x].planning, worker(g, st, sup_k++), LSN_GEN_REQ,
                              LSN_GEN_ACCEPTED));
                load[x]++;
            } else if (weeks >= 5 && !g->ui[x].split) {
                int32_t n;
                CHECK(split_series(g, &n, g->ui[x].planning, g->win_start + 7 * (weeks - 3)));
                g->ui[x].split = true;
                CHECK(add_att(g, n, worker(g, st, sup_k++), LSN_GEN_REQ, LSN_GEN_ACCEPTED));
                load[x]++;
            }
        }
        /* A director at her own teams' stand-ups: hierarchy, not a liaison.
         * Every fourth one sits in every stand-up and retro of her line and
         * is hiring hard: an overbooked director. */
        int32_t head = g->units[pl].head;
        if (b % 4 == 0) {
            g->ui[pl].hiring = true;
            for (size_t i = 0; i < k; i++) {
                int32_t t = kids[i];
                if (g->ui[t].standup >= 0) {
                    CHECK(add_att(g, g->ui[t].standup, head, LSN_GEN_OPT, LSN_GEN_ACCEPTED));
                }
                if (g->ui[t].retro >= 0) {
                    CHECK(add_att(g, g->ui[t].retro, head, LSN_GEN_REQ, LSN_GEN_ACCEPTED));
                }
            }
        } else if (b % 2 == 0) {
            int32_t t = kids[0];
            if (g->ui[t].standup >= 0) {
                CHECK(add_att(g, g->ui[t].standup, head, LSN_GEN_REQ, LSN_GEN_ACCEPTED));
            }
        }
    }

    /* Liaison sprawl: a few people sprinkled into many teams. */
    {
        size_t nsprawl = (size_t)((g->opts.people + 150) / 300);
        if (nsprawl < 2) {
            nsprawl = 2;
        }
        for (size_t i = 0; i < nsprawl && nb > 0; i++) {
            bool wide = i % 2 == 0;
            /* Home: Sales for the wide kind, Product for the other. */
            size_t nh = dept_teams(g, wide ? D_SALES : D_PRODUCT, other, cap, NULL);
            if (nh == 0) {
                nh = dept_teams(g, D_SUPPORT, other, cap, NULL);
            }
            if (nh == 0) {
                continue;
            }
            int32_t home = other[(i / 2) % nh];
            int32_t p = worker(g, home, 1 + (int32_t)i);
            CHECK(reserve((void **)&g->sprawl, &g->cap_sprawl, g->nsprawl, sizeof(int32_t)));
            g->sprawl[g->nsprawl++] = p;
            int32_t b0 = bottoms[(i * 2) % nb], b1 = bottoms[(i * 2 + 1) % nb];
            if (wide) {
                /* Planning of two teams in each of two lines, plus a team of
                 * another department: five teams under three parents. */
                int32_t lines[2] = {b0, b1};
                for (int l = 0; l < (nb > 1 ? 2 : 1); l++) {
                    size_t kk = child_teams(g, lines[l], kids, cap);
                    int32_t t = least_loaded(g, kids, kk, load, false, -1);
                    int32_t u = least_loaded(g, kids, kk, load, false, t);
                    int32_t pick[2] = {t, u};
                    for (int j = 0; j < 2; j++) {
                        if (pick[j] >= 0) {
                            CHECK(add_att(g, g->ui[pick[j]].planning, p, LSN_GEN_REQ,
                                          LSN_GEN_ACCEPTED));
                            load[pick[j]]++;
                        }
                    }
                }
                size_t no = dept_teams(g, D_SUPPORT, other, cap, NULL);
                if (no == 0) {
                    no = dept_teams(g, D_MARKETING, other, cap, NULL);
                }
                if (no > 0) {
                    int32_t t = other[(i / 2) % no];
                    CHECK(add_att(g, g->ui[t].planning, p, LSN_GEN_REQ, LSN_GEN_ACCEPTED));
                }
            } else {
                /* Stand-ups of four teams of one line (or two). */
                int added = 0;
                for (size_t bb = 0; bb < nb && added < 4; bb++) {
                    size_t kk = child_teams(g, bottoms[(i * 2 + 1 + bb) % nb], kids, cap);
                    while (added < 4) {
                        int32_t t = least_loaded(g, kids, kk, load, false, -1);
                        if (t < 0 || g->ui[t].standup < 0) {
                            break;
                        }
                        size_t before = g->series[g->ui[t].standup].attendee_count;
                        CHECK(add_att(g, g->ui[t].standup, p, LSN_GEN_OPT, LSN_GEN_ACCEPTED));
                        if (g->series[g->ui[t].standup].attendee_count == before) {
                            break; /* every team of this line done */
                        }
                        load[t]++;
                        added++;
                        /* Remove t from this line's candidates. */
                        for (size_t j = 0; j < kk; j++) {
                            if (kids[j] == t) {
                                kids[j] = kids[--kk];
                                break;
                            }
                        }
                    }
                }
            }
        }
    }

    /* Low-context liaisons: a seller at a team's biweekly 30-minute demo. */
    {
        size_t nlow = (size_t)(g->opts.people / 200);
        if (nlow < 1) {
            nlow = 1;
        }
        size_t nh = dept_teams(g, D_SALES, other, cap, NULL);
        if (nh == 0) {
            nh = dept_teams(g, D_MARKETING, other, cap, NULL);
        }
        for (size_t i = 0; i < nlow && nh > 0 && nb > 0; i++) {
            size_t k = child_teams(g, bottoms[(i + 1) % nb], kids, cap);
            int32_t t = least_loaded(g, kids, k, load, false, -1);
            if (t < 0) {
                continue;
            }
            CHECK(ensure_demo(g, t));
            int32_t p = worker(g, other[(i + 1) % nh], (int32_t)i + 2);
            CHECK(add_att(g, g->ui[t].demo, p, LSN_GEN_REQ, LSN_GEN_ACCEPTED));
            load[t]++;
        }
    }

    /* Contractors: addresses in the company domain missing from people.csv. */
    {
        size_t ncon = (size_t)(g->opts.people / 75);
        if (ncon < 1) {
            ncon = 1;
        }
        for (size_t i = 0; i < ncon && nb > 0; i++) {
            size_t k = child_teams(g, bottoms[(i * 3 + 1) % nb], kids, cap);
            int32_t t = least_loaded(g, kids, k, load, false, -1);
            if (t < 0) {
                continue;
            }
            char first[64], last[64], email[400], name[200];
            const char *fn = first_names[rng_below(&g->r, COUNTOF(first_names))];
            const char *ln = last_names[rng_below(&g->r, COUNTOF(last_names))];
            ascii_part(first, sizeof(first), fn);
            ascii_part(last, sizeof(last), ln);
            snprintf(email, sizeof(email), "ext-%s.%s@%s", first, last, g->domain);
            snprintf(name, sizeof(name), "%s %s (Contractor)", fn, ln);
            int32_t c;
            CHECK(party(g, &c, email, name, LSN_GEN_INDIVIDUAL));
            if (g->ui[t].standup >= 0) {
                CHECK(add_att(g, g->ui[t].standup, c, LSN_GEN_REQ, LSN_GEN_ACCEPTED));
            }
            CHECK(add_att(g, g->ui[t].planning, c, LSN_GEN_OPT, LSN_GEN_TENTATIVE));
            load[t]++;
        }
    }

    /* Heads kept informed of some plannings without taking part. */
    {
        bool any = false;
        for (size_t u = 0; u < g->nunits; u++) {
            if (!regular_team(g, (int32_t)u) || g->ui[u].isolated || g->ui[u].planning < 0) {
                continue;
            }
            if (u % 10 == 3 || (!any && u + 1 == g->nunits)) {
                int32_t parent = g->units[u].parent;
                int32_t h = g->units[parent].head;
                if (h >= 0 && g->series[g->ui[u].planning].organizer != h) {
                    CHECK(add_att(g, g->ui[u].planning, h, LSN_GEN_NON, LSN_GEN_ACCEPTED));
                    any = true;
                }
            }
        }
        if (!any) {
            for (size_t u = 0; u < g->nunits && !any; u++) {
                if (regular_team(g, (int32_t)u) && g->ui[u].planning >= 0) {
                    CHECK(add_att(g, g->ui[u].planning, g->ceo, LSN_GEN_NON, LSN_GEN_ACCEPTED));
                    any = true;
                }
            }
        }
    }

    /* Needs between functions: some met by the meetings above, some not. */
    {
        int32_t mkt = g->dept_unit[D_MARKETING], prod = g->dept_unit[D_PRODUCT];
        int32_t des = g->dept_unit[D_DESIGN];
        size_t ns = dept_teams(g, D_SALES, other, cap, NULL);
        if (ns > 0 && mkt >= 0) {
            CHECK(add_need(g, other[0], mkt, LSN_CONTEXT_MINIMAL, false));
        }
        if (nsup > 0 && prod >= 0) {
            CHECK(add_need(g, sup[0], prod, LSN_CONTEXT_MODERATE, false));
        }
        size_t nprod = dept_teams(g, D_PRODUCT, other, cap, NULL);
        if (nprod > 0 && npd > 0) {
            CHECK(add_need(g, other[0], pd[0], LSN_CONTEXT_MODERATE, false));
        }
        size_t nm = dept_teams(g, D_MARKETING, other, cap, "Brand");
        if (nm > 0 && des >= 0) {
            CHECK(add_need(g, other[0], des, LSN_CONTEXT_MINIMAL, false));
        }
        /* The isolated lab needs its product line's first team, and security
         * needs deep context from the lab (it handles customer data). */
        for (size_t u = 0; u < g->nunits; u++) {
            if (g->ui[u].isolated) {
                size_t k = child_teams(g, g->units[u].parent, kids, cap);
                if (k > 0) {
                    CHECK(add_need(g, (int32_t)u, kids[0], LSN_CONTEXT_MODERATE, false));
                }
                if (nsec > 0) {
                    CHECK(add_need(g, sec[0], (int32_t)u, LSN_CONTEXT_DEEP, false));
                }
            }
        }
    }
#undef CHECK
cleanup:
    free(bottoms);
    free(kids);
    free(pmm);
    free(pd);
    free(sup);
    free(sec);
    free(other);
    free(load);
    return rc;
}

/* ------------------------------------------------------------------ */
/* Oversized decision meetings                                          */
/* ------------------------------------------------------------------ */

static bool unit_within(const lsn_gen *g, int32_t u, int32_t anc)
{
    for (; u >= 0; u = g->units[u].parent) {
        if (u == anc) {
            return true;
        }
    }
    return false;
}

enum { POOL_TECH_LEADS, POOL_MANAGERS, POOL_HEADS, POOL_WORKERS };

/* People of a kind under unit `under` (-1: anywhere) in department d (D_NONE: any). */
static size_t collect(const lsn_gen *g, int32_t *out, int kind, int32_t under, int d)
{
    size_t n = 0;
    size_t lo = under >= 0 ? (size_t)under : 0;
    size_t hi = under >= 0 ? (size_t)g->ui[under].end : g->nunits;
    for (size_t u = lo; u < hi; u++) {
        const uinfo *ui = &g->ui[u];
        if (d != D_NONE && ui->dept != d) {
            continue;
        }
        if (kind == POOL_HEADS) {
            if (!g->units[u].team && (int32_t)u != under && g->units[u].head >= 0) {
                out[n++] = g->units[u].head;
            }
            continue;
        }
        if (!regular_team(g, (int32_t)u) || ui->isolated) {
            continue;
        }
        if (kind == POOL_MANAGERS) {
            out[n++] = g->units[u].head;
        } else if (kind == POOL_TECH_LEADS) {
            if (ui->count > 1) {
                out[n++] = team_member(g, (int32_t)u, 1);
            }
        } else {
            for (int32_t i = 1; i < ui->count; i++) {
                out[n++] = team_member(g, (int32_t)u, i);
            }
        }
    }
    return n;
}

/* Add up to `most` people of a pool (from a random start) while the meeting
 * is smaller than target. */
static int
add_from(lsn_gen *g, int32_t s, const int32_t *pool, size_t n, size_t most, size_t target)
{
    if (n == 0) {
        return LSN_OK;
    }
    size_t start = rng_below(&g->r, (uint32_t)n), added = 0;
    for (size_t i = 0; i < n && added < most && g->series[s].attendee_count < target; i++) {
        int32_t p = pool[(start + i) % n];
        size_t before = g->series[s].attendee_count;
        TRY(add_att(g, s, p, LSN_GEN_REQ, LSN_GEN_ACCEPTED));
        added += g->series[s].attendee_count > before;
    }
    return LSN_OK;
}

static int32_t dept_head(const lsn_gen *g, int d, int fallback)
{
    int32_t u = g->dept_unit[d];
    if (u < 0) {
        u = g->dept_unit[fallback];
    }
    return u >= 0 ? g->units[u].head : g->ceo;
}

static int decision_meetings(lsn_gen *g)
{
    int rc = LSN_OK;
    int32_t *pool = malloc(g->npeople * sizeof(int32_t));
    int32_t *bottoms = malloc(g->nunits * sizeof(int32_t));
    int32_t *cache[4][D_COUNT + 1] = {{NULL}};
    size_t ncache[4][D_COUNT + 1] = {{0}};
    if (pool == NULL || bottoms == NULL) {
        rc = oom();
        goto cleanup;
    }
    size_t nb = eng_bottoms(g, bottoms, g->nunits);
    int32_t eng = g->dept_unit[D_ENG];
    bool small_eng = eng >= 0 && collect(g, pool, POOL_MANAGERS, eng, D_ENG) <= 25;
    int count = g->opts.people / 50;
    if (count < 3) {
        count = 3;
    }
    static const char *const names[4] = {"Architecture review", "Roadmap review",
                                         "Launch readiness", "Pricing council"};
    for (int i = 0; i < count && nb > 0; i++) {
        size_t target = i == 0 ? 18 : i == 1 ? 14 : i == 2 ? 12 : (size_t)rng_range(&g->r, 12, 20);
        int type = i % 4;
        int32_t b = bottoms[(size_t)(i / 4) % nb];
        /* Engineering scope: the whole department when small, else a line's parent. */
        int32_t scope = g->units[b].parent;
        if (small_eng) {
            scope = eng;
        }
        int32_t org;
        switch (type) {
        case 0:
            org = g->units[scope].head;
            break;
        case 1:
            org = dept_head(g, D_PRODUCT, D_ENG);
            break;
        case 2:
            org = dept_head(g, D_MARKETING, D_ENG);
            break;
        default:
            org = dept_head(g, D_SALES, D_PRODUCT);
            break;
        }
        if (count > 4 && type != 0) {
            /* Many councils: each run by a manager of the department, in turn. */
            static const int dept_of[4] = {D_ENG, D_PRODUCT, D_MARKETING, D_SALES};
            int32_t u = g->dept_unit[dept_of[type]];
            size_t nm = u >= 0 ? collect(g, pool, POOL_MANAGERS, u, dept_of[type]) : 0;
            if (nm > 0) {
                org = pool[(size_t)(i / 4) % nm];
            }
        }
        char summary[300];
        if (count <= 4) {
            snprintf(summary, sizeof(summary), "%s", names[type]);
        } else {
            snprintf(summary, sizeof(summary), "%s: %s", names[type], g->units[b].name);
        }
        int32_t s;
        int32_t zone = g->people[org].zone;
        int wd = type % 2 == 0 ? 1 : 3;
        if ((rc = new_series(g, &s, LSN_GEN_DECISION, b, org, summary, zone, g->win_start + wd,
                             (type == 0 ? 15 : 16) * 60, 60)) < 0) {
            goto cleanup;
        }
        set_weekly(g, s, (uint8_t)(1u << wd), 1);
        g->sflags[s] |= SF_PROTECTED;
        g->series[s].description = "Decisions this week:\n1. Proposals in the agenda doc\n"
                                   "2. Open questions; owners, dates";
        if ((rc = add_att(g, s, org, LSN_GEN_REQ, LSN_GEN_ACCEPTED)) < 0) {
            goto cleanup;
        }
        size_t n;
#define FROM(kind, under, dept, most)                                                              \
    do {                                                                                           \
        if (g->series[s].attendee_count >= target) {                                               \
            break;                                                                                 \
        }                                                                                          \
        const int32_t *from_ = pool;                                                               \
        if ((under) < 0) {                                                                         \
            /* Organization-wide pools are the same for every meeting. */                          \
            int di_ = (dept) == D_NONE ? D_COUNT : (dept);                                         \
            if (cache[kind][di_] == NULL) {                                                        \
                n = collect(g, pool, kind, -1, dept);                                              \
                cache[kind][di_] = malloc((n ? n : 1) * sizeof(int32_t));                          \
                if (cache[kind][di_] == NULL) {                                                    \
                    rc = oom();                                                                    \
                    goto cleanup;                                                                  \
                }                                                                                  \
                memcpy(cache[kind][di_], pool, n * sizeof(int32_t));                               \
                ncache[kind][di_] = n;                                                             \
            }                                                                                      \
            from_ = cache[kind][di_];                                                              \
            n = ncache[kind][di_];                                                                 \
        } else {                                                                                   \
            n = collect(g, pool, kind, under, dept);                                               \
        }                                                                                          \
        if ((rc = add_from(g, s, from_, n, most, target)) < 0) {                                   \
            goto cleanup;                                                                          \
        }                                                                                          \
    } while (0)
        if (type == 0) {
            if (g->ui[b].sec_liaison >= 0) {
                if ((rc = add_att(g, s, g->ui[b].sec_liaison, LSN_GEN_REQ, LSN_GEN_ACCEPTED)) < 0) {
                    goto cleanup;
                }
            }
            FROM(POOL_TECH_LEADS, b, D_ENG, 7);
            FROM(POOL_HEADS, scope, D_ENG, 3);
            FROM(POOL_TECH_LEADS, scope, D_ENG, 20);
            FROM(POOL_MANAGERS, scope, D_ENG, 20);
        } else if (type == 1) {
            FROM(POOL_WORKERS, -1, D_PRODUCT, 5);
            if ((rc = add_att(g, s, g->units[b].head, LSN_GEN_REQ, LSN_GEN_ACCEPTED)) < 0) {
                goto cleanup;
            }
            FROM(POOL_MANAGERS, b, D_ENG, 4);
            FROM(POOL_MANAGERS, -1, D_DESIGN, 1);
            FROM(POOL_WORKERS, -1, D_MARKETING, 1);
        } else if (type == 2) {
            if ((rc = add_att(g, s, g->units[b].head, LSN_GEN_REQ, LSN_GEN_ACCEPTED)) < 0) {
                goto cleanup;
            }
            FROM(POOL_WORKERS, -1, D_MARKETING, 3);
            FROM(POOL_WORKERS, -1, D_PRODUCT, 2);
            FROM(POOL_MANAGERS, -1, D_SUPPORT, 2);
            FROM(POOL_MANAGERS, -1, D_SALES, 2);
            FROM(POOL_MANAGERS, b, D_ENG, 3);
        } else {
            FROM(POOL_WORKERS, -1, D_SALES, 5);
            FROM(POOL_WORKERS, -1, D_MARKETING, 2);
            FROM(POOL_WORKERS, -1, D_PRODUCT, 3);
            FROM(POOL_MANAGERS, -1, D_SUPPORT, 1);
        }
        /* Fill up from engineering managers, then from anybody. */
        FROM(POOL_MANAGERS, eng, D_ENG, target);
        FROM(POOL_WORKERS, -1, D_NONE, target);
#undef FROM
        if ((rc = add_room(g, s, 40 + i)) < 0) {
            goto cleanup;
        }
    }
cleanup:
    for (int k = 0; k < 4; k++) {
        for (int d = 0; d <= D_COUNT; d++) {
            free(cache[k][d]);
        }
    }
    free(pool);
    free(bottoms);
    return rc;
}

/* ------------------------------------------------------------------ */
/* All-hands: monthly broadcasts                                        */
/* ------------------------------------------------------------------ */

static int32_t lca(const lsn_gen *g, int32_t a, int32_t b)
{
    while (!unit_within(g, b, a)) {
        a = g->units[a].parent;
    }
    return a;
}

/* The lowest org unit above every team of units first..last, -1 when none. */
static int32_t chunk_top(const lsn_gen *g, int32_t first, int32_t last)
{
    int32_t top = -1;
    for (int32_t u = first; u <= last; u++) {
        if (g->units[u].team && g->ui[u].count > 0) {
            top = top < 0 ? u : lca(g, top, u);
        }
    }
    if (top >= 0 && g->units[top].team) {
        top = g->units[top].parent;
    }
    return top;
}

/* The child of the root that unit u lies under (u itself when it is one). */
static int32_t top_unit(const lsn_gen *g, int32_t u)
{
    while (u > 0 && g->units[u].parent > 0) {
        u = g->units[u].parent;
    }
    return u;
}

static int
all_hands_chunk(lsn_gen *g, int32_t first, int32_t last, int32_t top, int part, bool whole)
{
    if (top < 0) {
        return LSN_OK;
    }
    int32_t org = g->units[top].head >= 0 ? g->units[top].head : g->ceo;
    if (top != 0) {
        /* One head cannot host every part of a split all-hands: the head of
         * the first team's unit hosts this part. */
        for (int32_t u = first; u <= last; u++) {
            if (g->units[u].team && g->ui[u].count > 0) {
                int32_t h = g->units[g->units[u].parent].head;
                org = h >= 0 ? h : org;
                break;
            }
        }
    }
    char summary[300], email[300], gname[300], suffix[16] = "", idsuffix[16] = "";
    if (part > 0) {
        snprintf(suffix, sizeof(suffix), " (%d)", part + 1);
        snprintf(idsuffix, sizeof(idsuffix), "-%d", part + 1);
    }
    if (top == 0 && whole) {
        snprintf(summary, sizeof(summary), "%s all-hands%s", g->company_name, suffix);
        snprintf(email, sizeof(email), "all%s@%s", idsuffix, g->domain);
        snprintf(gname, sizeof(gname), "Everyone at %s%s", g->company_name, suffix);
    } else if (top == 0) {
        /* A group of small departments: named after the first and the last. */
        int32_t a = -1, b = -1;
        for (int32_t u = first; u <= last; u++) {
            if (g->units[u].team && g->ui[u].count > 0) {
                b = top_unit(g, u);
                a = a < 0 ? b : a;
            }
        }
        snprintf(summary, sizeof(summary), "%s & %s all-hands%s", g->units[a].name,
                 g->units[b].name, suffix);
        snprintf(email, sizeof(email), "%s-%s-all%s@%s", g->units[a].id, g->units[b].id, idsuffix,
                 g->domain);
        snprintf(gname, sizeof(gname), "%s & %s%s", g->units[a].name, g->units[b].name, suffix);
    } else {
        snprintf(summary, sizeof(summary), "%s all-hands%s", g->units[top].name, suffix);
        snprintf(email, sizeof(email), "%s-all%s@%s", g->units[top].id, idsuffix, g->domain);
        snprintf(gname, sizeof(gname), "%s%s", g->units[top].name, suffix);
    }
    int32_t s, grp, aud;
    TRY(new_series(g, &s, LSN_GEN_ALL_HANDS, top, org, summary, Z_UTC, g->win_start, 16 * 60, 60));
    set_monthly(g, s, 3, 1);
    g->series[s].description = "Monthly all-hands: company update, demos and Q&A.";
    TRY(add_att(g, s, org, LSN_GEN_REQ, LSN_GEN_ACCEPTED));
    TRY(party(g, &grp, email, gname, LSN_GEN_GROUP));
    TRY(add_att(g, s, grp, LSN_GEN_REQ, LSN_GEN_NEEDS_ACTION));
    snprintf(email, sizeof(email), "auditorium@rooms.%s", g->domain);
    TRY(party(g, &aud, email, "Auditorium", LSN_GEN_ROOM));
    TRY(add_att(g, s, aud, LSN_GEN_REQ, LSN_GEN_ACCEPTED));
    g->series[s].location = "Auditorium";
    if (top == 0 && g->units[top].head != g->ceo) {
        TRY(add_att(g, s, g->ceo, LSN_GEN_REQ, LSN_GEN_ACCEPTED));
    }
    for (int32_t u = first; u <= last; u++) {
        for (int32_t i = 0; g->units[u].team && i < g->ui[u].count; i++) {
            int32_t p = team_member(g, u, i);
            if (p == org) {
                continue;
            }
            lsn_gen_partstat ps = LSN_GEN_ACCEPTED;
            uint32_t roll = rng_below(&g->r, 100);
            if (roll < 6) {
                ps = LSN_GEN_DECLINED;
            } else if (roll < 10) {
                ps = LSN_GEN_TENTATIVE;
            }
            /* Large lists: no duplicate scan (members are distinct). */
            lsn_gen_series *x = &g->series[s];
            size_t n = x->attendee_count;
            if ((n & (n - 1)) == 0) {
                void *q = realloc(x->attendees, n * 2 * sizeof(lsn_gen_attendee));
                if (q == NULL) {
                    return oom();
                }
                x->attendees = q;
            }
            x->attendees[n].party = p;
            x->attendees[n].role = LSN_GEN_REQ;
            x->attendees[n].partstat = (uint8_t)ps;
            x->attendee_count = n + 1;
        }
    }
    return LSN_OK;
}

static int all_hands(lsn_gen *g)
{
    if (g->opts.people <= 600) {
        return all_hands_chunk(g, 0, (int32_t)g->nunits - 1, 0, 0, true);
    }
    /* Large organizations: consecutive teams (hierarchy order) in groups of
     * about 120-250 people, each with its own monthly all-hands; a group
     * closes at a department's end once it has 70 people. */
    int32_t *parts = calloc(g->nunits, sizeof(int32_t));
    if (parts == NULL) {
        return oom();
    }
    int rc = LSN_OK;
    int32_t first = 0, people = 0, last_team = -1;
    for (size_t u = 0; u < g->nunits; u++) {
        if (g->units[u].team && g->ui[u].count > 0) {
            last_team = (int32_t)u;
        }
    }
    for (int32_t u = 0; u <= last_team; u++) {
        if (!g->units[u].team) {
            continue;
        }
        people += g->ui[u].count;
        int32_t remaining = 0, next = -1;
        for (int32_t v = u + 1; v < (int32_t)g->nunits && remaining < 60; v++) {
            if (g->units[v].team && g->ui[v].count > 0) {
                next = next < 0 ? v : next;
                remaining += g->ui[v].count;
            }
        }
        bool dept_ends = next >= 0 && top_unit(g, next) != top_unit(g, u);
        if ((people >= 120 && remaining >= 60) || (dept_ends && people >= 70 && remaining >= 60) ||
            u == last_team) {
            int32_t top = chunk_top(g, first, u);
            /* Chunks under the root are named after their departments: no number. */
            int part = top > 0 ? parts[top]++ : 0;
            if (top >= 0 && (rc = all_hands_chunk(g, first, u, top, part, false)) < 0) {
                break;
            }
            first = u + 1;
            people = 0;
        }
    }
    free(parts);
    return rc;
}

/* ------------------------------------------------------------------ */
/* Everything else people have in their calendars                       */
/* ------------------------------------------------------------------ */

static int external(lsn_gen *g, int32_t *out, const char *domain, int k)
{
    char first[64], last[64], email[400], name[200];
    const char *fn = first_names[(k * 7 + 3) % (int)COUNTOF(first_names)];
    const char *ln = last_names[(k * 13 + 5) % (int)COUNTOF(last_names)];
    ascii_part(first, sizeof(first), fn);
    ascii_part(last, sizeof(last), ln);
    snprintf(email, sizeof(email), "%s.%s@%s", first, last, domain);
    snprintf(name, sizeof(name), "%s %s", fn, ln);
    return party(g, out, email, name, LSN_GEN_INDIVIDUAL);
}

static bool is_holiday(const lsn_gen *g, int32_t day)
{
    for (int i = 0; i < g->nholidays; i++) {
        if (g->holidays[i] == day) {
            return true;
        }
    }
    return false;
}

/* A random working day of the window (not a weekend, not a holiday). */
static int32_t work_day(lsn_gen *g)
{
    for (;;) {
        int32_t d = g->win_start + (int32_t)rng_below(&g->r, (uint32_t)g->win_days);
        if (weekday(d) < 5 && !is_holiday(g, d)) {
            return d;
        }
    }
}

static int customer_meetings(lsn_gen *g)
{
    int32_t *teams = malloc(g->nunits * sizeof(int32_t));
    int rc = LSN_OK;
    if (teams == NULL) {
        return oom();
    }
    size_t n = dept_teams(g, D_SALES, teams, g->nunits, NULL);
    for (size_t i = 0; i < n; i++) {
        int32_t t = teams[i], m = g->units[t].head, s, e;
        const char *cust = customers[i % COUNTOF(customers)];
        char summary[300], domain[100];
        snprintf(domain, sizeof(domain), "%s.example", cust);
        snprintf(summary, sizeof(summary), "Account review: %c%s", cust[0] - 'a' + 'A', cust + 1);
        if ((rc = new_series(g, &s, LSN_GEN_CUSTOMER, t, m, summary, g->units[t].zone,
                             g->win_start + 3, 10 * 60, 45)) < 0) {
            goto cleanup;
        }
        set_weekly(g, s, 1u << 3, 1);
        if ((rc = video_link(g, s)) < 0 || (rc = add_person_att(g, s, m, LSN_GEN_REQ)) < 0 ||
            (rc = add_person_att(g, s, worker(g, t, (int32_t)i), LSN_GEN_REQ)) < 0) {
            goto cleanup;
        }
        int guests = rng_range(&g->r, 1, 2);
        for (int k = 0; k < guests; k++) {
            if ((rc = external(g, &e, domain, (int)i * 3 + k)) < 0) {
                goto cleanup;
            }
            lsn_gen_partstat ps = k == 0 ? LSN_GEN_ACCEPTED : LSN_GEN_NEEDS_ACTION;
            if ((rc = add_att(g, s, e, LSN_GEN_REQ, ps)) < 0) {
                goto cleanup;
            }
        }
    }
    /* A vendor sync: support operations (or the first team) with vendor.example. */
    n = dept_teams(g, D_SUPPORT, teams, g->nunits, "Operations");
    if (n == 0) {
        n = dept_teams(g, D_SUPPORT, teams, g->nunits, NULL);
    }
    if (n == 0) {
        n = dept_teams(g, D_ENG, teams, g->nunits, NULL);
    }
    if (n > 0) {
        int32_t t = teams[0], m = g->units[t].head, s, e;
        if ((rc = new_series(g, &s, LSN_GEN_CUSTOMER, t, m, "Vendor sync: ticketing platform",
                             g->units[t].zone, g->win_start + 2, 13 * 60, 30)) < 0) {
            goto cleanup;
        }
        set_weekly(g, s, 1u << 2, 2);
        if ((rc = video_link(g, s)) < 0 || (rc = add_person_att(g, s, m, LSN_GEN_REQ)) < 0 ||
            (rc = add_person_att(g, s, worker(g, t, 0), LSN_GEN_OPT)) < 0) {
            goto cleanup;
        }
        for (int k = 0; k < 2; k++) {
            if ((rc = external(g, &e, "vendor.example", 100 + k)) < 0 ||
                (rc = add_att(g, s, e, LSN_GEN_REQ, LSN_GEN_ACCEPTED)) < 0) {
                goto cleanup;
            }
        }
    }
cleanup:
    free(teams);
    return rc;
}

static int interviews(lsn_gen *g)
{
    int32_t *teams = malloc(g->nunits * sizeof(int32_t));
    int rc = LSN_OK;
    if (teams == NULL) {
        return oom();
    }
    size_t n = dept_teams(g, D_ENG, teams, g->nunits, NULL);
    int candidate = 0;
    for (size_t i = 0; i < n; i++) {
        int32_t t = teams[i], m = g->units[t].head, line = g->units[t].parent;
        int per_week_lo = 2, per_week_hi = 4;
        bool first_of_line = i == 0 || g->units[teams[i - 1]].parent != line;
        if (g->ui[line].hiring && first_of_line) {
            /* The line's director runs a hiring push for its first team. */
            m = g->units[line].head;
            per_week_lo = 8;
            per_week_hi = 10;
        } else if (i % 8 != 0) {
            continue;
        }
        for (int w = 0; w < g->opts.weeks; w++) {
            int k = rng_range(&g->r, per_week_lo, per_week_hi);
            for (int j = 0; j < k; j++) {
                int32_t day = g->win_start + 7 * w + rng_range(&g->r, 0, 4);
                if (is_holiday(g, day)) {
                    continue;
                }
                char first[64], last[64], email[400], name[200], summary[300];
                const char *fn = first_names[rng_below(&g->r, COUNTOF(first_names))];
                const char *ln = last_names[rng_below(&g->r, COUNTOF(last_names))];
                ascii_part(first, sizeof(first), fn);
                ascii_part(last, sizeof(last), ln);
                snprintf(email, sizeof(email), "%s.%s.%d@mail.example", first, last, candidate++);
                snprintf(name, sizeof(name), "%s %s", fn, ln);
                snprintf(summary, sizeof(summary), "Interview: %s (Senior Engineer)", name);
                int32_t s, c;
                if ((rc = new_series(g, &s, LSN_GEN_INTERVIEW, t, m, summary, g->units[t].zone, day,
                                     (10 + rng_range(&g->r, 0, 6)) * 60, 45)) < 0 ||
                    (rc = video_link(g, s)) < 0 ||
                    (rc = add_att(g, s, m, LSN_GEN_REQ, LSN_GEN_ACCEPTED)) < 0 ||
                    (rc = party(g, &c, email, name, LSN_GEN_INDIVIDUAL)) < 0 ||
                    (rc = add_att(g, s, c, LSN_GEN_REQ, LSN_GEN_ACCEPTED)) < 0) {
                    goto cleanup;
                }
                /* A second interviewer from the team (not in screening calls). */
                if (m == g->units[t].head && rng_chance(&g->r, 0.4)) {
                    if ((rc = add_person_att(g, s, worker(g, t, j), LSN_GEN_REQ)) < 0) {
                        goto cleanup;
                    }
                }
            }
        }
    }
cleanup:
    free(teams);
    return rc;
}

static int incidents(lsn_gen *g)
{
    int32_t *teams = malloc(g->nunits * sizeof(int32_t));
    int rc = LSN_OK;
    if (teams == NULL) {
        return oom();
    }
    size_t n = dept_teams(g, D_ENG, teams, g->nunits, NULL);
    int count = g->opts.people / 40;
    if (count < 2) {
        count = 2;
    }
    static const char *const what[] = {"checkout latency", "search outage", "login errors",
                                       "data pipeline backlog", "push notification storm"};
    for (int i = 0; i < count && n > 0; i++) {
        int32_t a = teams[rng_below(&g->r, (uint32_t)n)];
        int32_t b = teams[rng_below(&g->r, (uint32_t)n)];
        char summary[300];
        snprintf(summary, sizeof(summary), "Incident review: INC-%04d %s", 1000 + i * 37,
                 what[i % (int)COUNTOF(what)]);
        int32_t s, m = g->units[a].head;
        if ((rc = new_series(g, &s, LSN_GEN_INCIDENT, a, m, summary, g->units[a].zone, work_day(g),
                             14 * 60, 60)) < 0) {
            goto cleanup;
        }
        g->series[s].description = "Timeline, impact; follow-ups:\n- rollback plan\n- new alert";
        if ((rc = add_person_att(g, s, m, LSN_GEN_REQ)) < 0) {
            goto cleanup;
        }
        for (int k = 0; k < 2; k++) {
            if ((rc = add_person_att(g, s, worker(g, a, k + i), LSN_GEN_REQ)) < 0 ||
                (rc = add_person_att(g, s, worker(g, b, k + i), LSN_GEN_REQ)) < 0) {
                goto cleanup;
            }
        }
        if ((rc = add_person_att(g, s, g->units[b].head, LSN_GEN_OPT)) < 0 ||
            (rc = video_link(g, s)) < 0) {
            goto cleanup;
        }
    }
cleanup:
    free(teams);
    return rc;
}

static bool usable_person(const lsn_gen *g, int32_t p)
{
    return !person_isolated(g, p);
}

static int personal_events(lsn_gen *g)
{
    size_t np = g->npeople;
    /* Monthly coffee chats between people of different departments. */
    int pairs = g->opts.people / 15;
    if (pairs < 3) {
        pairs = 3;
    }
    for (int i = 0; i < pairs; i++) {
        int32_t a = (int32_t)rng_below(&g->r, (uint32_t)np);
        int32_t b = (int32_t)rng_below(&g->r, (uint32_t)np);
        if (a == b || !usable_person(g, a) || !usable_person(g, b) ||
            g->ui[g->people[a].team].dept == g->ui[g->people[b].team].dept) {
            continue;
        }
        char summary[300];
        snprintf(summary, sizeof(summary), "Coffee chat \xe2\x98\x95 %s + %s", g->people[a].name,
                 g->people[b].name);
        int32_t s;
        TRY(new_series(g, &s, LSN_GEN_COFFEE, g->people[a].team, a, summary, g->people[a].zone,
                       g->win_start, 15 * 60 + 30, 30));
        set_monthly(g, s, rng_range(&g->r, 0, 4), 2);
        TRY(video_link(g, s));
        TRY(add_att(g, s, a, LSN_GEN_REQ, LSN_GEN_ACCEPTED));
        TRY(add_person_att(g, s, b, LSN_GEN_REQ));
    }
    /* Out of office (all-day) and focus time (one person): not meetings. */
    static const char *const away[] = {"Out of office", "Vacation", "Conference", "Parental leave",
                                       "Sick day"};
    bool any_ooo = false;
    for (size_t p = 0; p < np; p++) {
        int32_t s;
        if (rng_chance(&g->r, 0.25) || (!any_ooo && p + 1 == np)) {
            any_ooo = true;
            int days = rng_range(&g->r, 1, 5);
            TRY(new_series(g, &s, LSN_GEN_OUT_OF_OFFICE, g->people[p].team, (int32_t)p,
                           away[rng_below(&g->r, COUNTOF(away))], g->people[p].zone, work_day(g), 0,
                           days * 1440));
            g->series[s].all_day = true;
            g->series[s].transparent = true;
        }
        if (rng_chance(&g->r, 0.2)) {
            uint8_t days = (uint8_t)((1u << 1) | (1u << 3));
            TRY(new_series(g, &s, LSN_GEN_FOCUS, g->people[p].team, (int32_t)p, "Focus time",
                           g->people[p].zone, g->win_start, 13 * 60, 120));
            set_weekly(g, s, days, 1);
            if (rng_chance(&g->r, 0.5)) {
                TRY(add_att(g, s, (int32_t)p, LSN_GEN_REQ, LSN_GEN_ACCEPTED));
            }
        }
    }
    return LSN_OK;
}

static int special_events(lsn_gen *g)
{
    int rc = LSN_OK;
    int32_t *teams = malloc(g->nunits * sizeof(int32_t));
    if (teams == NULL) {
        return oom();
    }
    /* One team offsite (all day) per department. */
    for (int d = 0; d < D_COUNT; d++) {
        size_t n = dept_teams(g, d, teams, g->nunits, NULL);
        if (n == 0) {
            continue;
        }
        int32_t t = teams[n / 2], m = g->units[t].head, s;
        char summary[300];
        snprintf(summary, sizeof(summary), "%s offsite", g->units[t].name);
        if ((rc = new_series(g, &s, LSN_GEN_OFFSITE, t, m, summary, g->units[t].zone, work_day(g),
                             0, 1440)) < 0) {
            goto cleanup;
        }
        g->series[s].all_day = true;
        for (int32_t i = 0; i < g->ui[t].count; i++) {
            if ((rc = add_person_att(g, s, team_member(g, t, i), LSN_GEN_REQ)) < 0) {
                goto cleanup;
            }
        }
    }
    /* A launch war room: daily for five days (COUNT=5). */
    {
        size_t n = dept_teams(g, D_ENG, teams, g->nunits, NULL);
        if (n > 0) {
            int32_t org = dept_head(g, D_ENG, D_ENG), s;
            int32_t day = g->win_start + 7 * (g->opts.weeks / 2);
            if ((rc = new_series(g, &s, LSN_GEN_WAR_ROOM, g->dept_unit[D_ENG], org,
                                 "Launch war room", Z_UTC, day, 13 * 60, 30)) < 0) {
                goto cleanup;
            }
            g->series[s].rule.freq = LSN_GEN_DAILY;
            g->series[s].rule.count = 5;
            if ((rc = add_att(g, s, org, LSN_GEN_REQ, LSN_GEN_ACCEPTED)) < 0 ||
                (rc = video_link(g, s)) < 0) {
                goto cleanup;
            }
            for (size_t i = 0; i < n && i < 3; i++) {
                if ((rc = add_person_att(g, s, g->units[teams[i]].head, LSN_GEN_REQ)) < 0) {
                    goto cleanup;
                }
            }
            size_t k = dept_teams(g, D_MARKETING, teams, g->nunits, NULL);
            if (k > 0 && (rc = add_person_att(g, s, worker(g, teams[0], 0), LSN_GEN_REQ)) < 0) {
                goto cleanup;
            }
            k = dept_teams(g, D_SUPPORT, teams, g->nunits, NULL);
            if (k > 0 && (rc = add_person_att(g, s, g->units[teams[0]].head, LSN_GEN_REQ)) < 0) {
                goto cleanup;
            }
        }
    }
    /* Cancelled events: team lunches called off, and a whole series. */
    {
        size_t n = 0;
        for (size_t u = 0; u < g->nunits; u++) {
            if (regular_team(g, (int32_t)u)) {
                teams[n++] = (int32_t)u;
            }
        }
        int count = g->opts.people / 60;
        if (count < 1) {
            count = 1;
        }
        for (int i = 0; i < count && n > 0; i++) {
            int32_t t = teams[rng_below(&g->r, (uint32_t)n)], m = g->units[t].head, s;
            char summary[300];
            snprintf(summary, sizeof(summary), "%s team lunch", g->units[t].name);
            if ((rc = new_series(g, &s, LSN_GEN_SOCIAL, t, m, summary, g->units[t].zone,
                                 work_day(g), 12 * 60 + 30, 90)) < 0) {
                goto cleanup;
            }
            g->series[s].cancelled = true;
            g->series[s].sequence = 1;
            for (int32_t j = 0; j < g->ui[t].count; j++) {
                if ((rc = add_person_att(g, s, team_member(g, t, j), LSN_GEN_REQ)) < 0) {
                    goto cleanup;
                }
            }
        }
        if (n > 1) {
            int32_t s, org = g->units[teams[1]].head;
            if ((rc = new_series(g, &s, LSN_GEN_SOCIAL, teams[1], org, "Book club",
                                 g->people[org].zone, g->win_start + 4, 12 * 60, 60)) < 0) {
                goto cleanup;
            }
            set_weekly(g, s, 1u << 4, 1);
            g->series[s].cancelled = true;
            g->series[s].sequence = 2;
            if ((rc = add_att(g, s, org, LSN_GEN_REQ, LSN_GEN_ACCEPTED)) < 0) {
                goto cleanup;
            }
            for (int k = 0; k < 3; k++) {
                int32_t p = (int32_t)rng_below(&g->r, (uint32_t)g->npeople);
                if ((rc = add_person_att(g, s, p, LSN_GEN_OPT)) < 0) {
                    goto cleanup;
                }
            }
        }
    }
cleanup:
    free(teams);
    return rc;
}

/* ------------------------------------------------------------------ */
/* Recurrence                                                           */
/* ------------------------------------------------------------------ */

/* Original start days of the rule in [lo, hi), before EXDATEs; returns how
 * many there are (writes at most cap). */
static size_t rule_days(const lsn_gen_series *x, int32_t lo, int32_t hi, int32_t *out, size_t cap)
{
    size_t n = 0;
    int32_t seen = 0;
    const lsn_gen_rule *r = &x->rule;
    if (r->until_day != INT32_MAX && hi > r->until_day + 1) {
        hi = r->until_day + 1;
    }
#define EMIT(d)                                                                                    \
    do {                                                                                           \
        seen++;                                                                                    \
        if (r->count > 0 && seen > r->count) {                                                     \
            return n;                                                                              \
        }                                                                                          \
        if ((d) >= lo) {                                                                           \
            if (n < cap) {                                                                         \
                out[n] = (d);                                                                      \
            }                                                                                      \
            n++;                                                                                   \
        }                                                                                          \
    } while (0)
    switch (r->freq) {
    case LSN_GEN_ONCE:
        if (x->day >= lo && x->day < hi) {
            if (cap > 0) {
                out[0] = x->day;
            }
            n = 1;
        }
        return n;
    case LSN_GEN_DAILY:
        for (int32_t d = x->day; d < hi; d += r->interval) {
            EMIT(d);
        }
        return n;
    case LSN_GEN_WEEKLY:
        for (int32_t w = x->day - weekday(x->day); w < hi; w += 7 * r->interval) {
            for (int dow = 0; dow < 7; dow++) {
                int32_t d = w + dow;
                if (!(r->byday & (1u << dow)) || d < x->day) {
                    continue;
                }
                if (d >= hi) {
                    return n;
                }
                EMIT(d);
            }
        }
        return n;
    case LSN_GEN_MONTHLY: {
        int y, m, dd, wd = 0;
        lsn_gen_civil(x->day, &y, &m, &dd);
        while (!(r->byday & (1u << wd))) {
            wd++;
        }
        for (;;) {
            if (days_from_civil(y, m, 1) >= hi) {
                return n;
            }
            int32_t d = nth_weekday(y, m, wd, r->nth);
            if (d >= x->day && d < hi) {
                EMIT(d);
            }
            m += r->interval;
            while (m > 12) {
                m -= 12;
                y++;
            }
        }
    }
    }
#undef EMIT
    return n;
}

static bool has_exdate(const lsn_gen_series *x, int32_t day)
{
    for (size_t i = 0; i < x->exdate_count; i++) {
        if (x->exdates[i] == day) {
            return true;
        }
    }
    return false;
}

size_t lsn_gen_expand(const lsn_gen *gen, size_t index, lsn_gen_instance *out, size_t cap)
{
    const lsn_gen_series *x = &gen->series[index];
    int32_t lo = gen->win_start, hi = gen->win_start + gen->win_days;
    int32_t days[800];
    size_t total = rule_days(x, lo, hi, days, COUNTOF(days));
    if (total > COUNTOF(days)) {
        total = COUNTOF(days);
    }
    size_t n = 0;
    for (size_t i = 0; i < total; i++) {
        if (has_exdate(x, days[i])) {
            continue;
        }
        if (n < cap) {
            lsn_gen_instance *in = &out[n];
            in->orig_day = days[i];
            in->day = days[i];
            in->minute = x->minute;
            in->duration = x->duration;
            in->cancelled = x->cancelled;
            for (size_t k = 0; k < x->override_count; k++) {
                const lsn_gen_override *o = &x->overrides[k];
                if (o->orig_day == days[i]) {
                    in->day = o->day;
                    in->minute = o->minute;
                    in->duration = o->duration;
                    in->cancelled = o->cancelled || x->cancelled;
                }
            }
        }
        n++;
    }
    return n;
}

/* ------------------------------------------------------------------ */
/* Holidays, moved and cancelled instances                              */
/* ------------------------------------------------------------------ */

enum { H_FIXED, H_NTH };
static const struct {
    int kind, a, b; /* fixed: day a; nth: the a-th weekday b (a = -1: last) */
} holiday_rules[12] = {
    {H_FIXED, 1, 0},  /* January: New Year's Day */
    {H_NTH, 3, 0},    /* February: Presidents' Day */
    {H_NTH, 2, 4},    /* March: company recharge day */
    {H_NTH, 3, 4},    /* April: spring recharge day */
    {H_NTH, -1, 0},   /* May: Memorial Day */
    {H_FIXED, 19, 0}, /* June: Juneteenth */
    {H_FIXED, 4, 0},  /* July: Independence Day */
    {H_FIXED, 15, 0}, /* August: Assumption Day */
    {H_NTH, 1, 0},    /* September: Labor Day */
    {H_FIXED, 3, 0},  /* October: German Unity Day */
    {H_NTH, 4, 3},    /* November: Thanksgiving */
    {H_FIXED, 25, 0}, /* December: Christmas Day */
};

static void compute_holidays(lsn_gen *g)
{
    int y, m, d;
    lsn_gen_civil(g->win_start, &y, &m, &d);
    int32_t end = g->win_start + g->win_days;
    g->nholidays = 0;
    while (days_from_civil(y, m, 1) < end && g->nholidays < (int)COUNTOF(g->holidays)) {
        int32_t h;
        if (holiday_rules[m - 1].kind == H_FIXED) {
            h = days_from_civil(y, m, holiday_rules[m - 1].a);
            /* Observed on the nearest weekday. */
            if (weekday(h) == 5) {
                h -= 1;
            } else if (weekday(h) == 6) {
                h += 1;
            }
        } else {
            h = nth_weekday(y, m, holiday_rules[m - 1].b, holiday_rules[m - 1].a);
        }
        if (h >= g->win_start && h < end) {
            g->holidays[g->nholidays++] = h;
        }
        if (++m > 12) {
            m = 1;
            y++;
        }
    }
}

static int add_exdate(lsn_gen_series *x, int32_t day)
{
    int32_t *q = realloc(x->exdates, (x->exdate_count + 1) * sizeof(int32_t));
    if (q == NULL) {
        return oom();
    }
    x->exdates = q;
    x->exdates[x->exdate_count++] = day;
    return LSN_OK;
}

static int add_override(lsn_gen_series *x, lsn_gen_override o)
{
    lsn_gen_override *q = realloc(x->overrides, (x->override_count + 1) * sizeof(*q));
    if (q == NULL) {
        return oom();
    }
    x->overrides = q;
    x->overrides[x->override_count++] = o;
    return LSN_OK;
}

static bool recurring(const lsn_gen_series *x)
{
    return x->rule.freq != LSN_GEN_ONCE && !x->cancelled && !x->all_day;
}

/* Move one instance (kind 0) or cancel it (kind 1); false when none fits. */
static int override_one(lsn_gen *g, size_t s, int kind, bool *done)
{
    lsn_gen_instance inst[800];
    *done = false;
    size_t n = lsn_gen_expand(g, s, inst, COUNTOF(inst));
    if (n > COUNTOF(inst)) {
        n = COUNTOF(inst);
    }
    if (n == 0) {
        return LSN_OK;
    }
    lsn_gen_series *x = &g->series[s];
    size_t i = rng_below(&g->r, (uint32_t)n);
    if (inst[i].day != inst[i].orig_day || inst[i].minute != x->minute || inst[i].cancelled) {
        return LSN_OK; /* already overridden */
    }
    lsn_gen_override o = {inst[i].orig_day, inst[i].orig_day, x->minute, x->duration, false};
    if (kind == 1) {
        o.cancelled = true;
    } else {
        int wd = weekday(o.day);
        bool next_day_taken =
            x->rule.freq == LSN_GEN_DAILY ||
            (x->rule.freq == LSN_GEN_WEEKLY && (x->rule.byday & (1u << ((wd + 1) % 7))) != 0);
        if (next_day_taken || wd >= 4) {
            if (next_day_taken) {
                o.minute += 60;
            } else {
                o.day -= 1;
            }
        } else {
            o.day += 1;
        }
        if (is_holiday(g, o.day) || o.minute + o.duration > 23 * 60) {
            return LSN_OK;
        }
        if (rng_chance(&g->r, 0.3)) {
            o.duration += 15;
        }
    }
    TRY(add_override(x, o));
    *done = true;
    return LSN_OK;
}

static int decorate(lsn_gen *g)
{
    int32_t days[8];
    for (size_t s = 0; s < g->nseries; s++) {
        lsn_gen_series *x = &g->series[s];
        if (x->rule.freq == LSN_GEN_ONCE || x->all_day) {
            continue;
        }
        for (int h = 0; h < g->nholidays; h++) {
            int32_t d = g->holidays[h];
            if (rule_days(x, d, d + 1, days, COUNTOF(days)) > 0) {
                TRY(add_exdate(x, d));
            }
        }
    }
    bool moved = false, cancelled = false;
    for (size_t s = 0; s < g->nseries; s++) {
        if (!recurring(&g->series[s]) || (g->sflags[s] & SF_PROTECTED)) {
            continue;
        }
        bool done;
        if (rng_chance(&g->r, 0.12)) {
            TRY(override_one(g, s, 0, &done));
            moved = moved || done;
        }
        if (rng_chance(&g->r, 0.08)) {
            TRY(override_one(g, s, 1, &done));
            cancelled = cancelled || done;
        }
    }
    /* Small organizations still get one of each. */
    for (size_t s = 0; s < g->nseries && !moved; s++) {
        for (int tries = 0;
             tries < 4 && !moved && recurring(&g->series[s]) && !(g->sflags[s] & SF_PROTECTED);
             tries++) {
            TRY(override_one(g, s, 0, &moved));
        }
    }
    for (size_t s = 0; s < g->nseries && !cancelled; s++) {
        for (int tries = 0;
             tries < 4 && !cancelled && recurring(&g->series[s]) && !(g->sflags[s] & SF_PROTECTED);
             tries++) {
            TRY(override_one(g, s, 1, &cancelled));
        }
    }
    /* And at least one decline. */
    bool declined = false;
    for (size_t s = 0; s < g->nseries && !declined; s++) {
        const lsn_gen_series *x = &g->series[s];
        for (size_t i = 0; i < x->attendee_count; i++) {
            declined = declined || x->attendees[i].partstat == LSN_GEN_DECLINED;
        }
    }
    for (size_t s = 0; s < g->nseries && !declined; s++) {
        lsn_gen_series *x = &g->series[s];
        if (x->kind == LSN_GEN_PLANNING && x->attendee_count >= 3 &&
            !(g->sflags[s] & SF_PROTECTED)) {
            x->attendees[2].partstat = LSN_GEN_DECLINED;
            declined = true;
        }
    }
    return LSN_OK;
}

/* ------------------------------------------------------------------ */
/* Building                                                             */
/* ------------------------------------------------------------------ */

static int parse_date(const char *s, int32_t *out)
{
    int y, m, d;
    char tail;
    if (strlen(s) != 10 || sscanf(s, "%4d-%2d-%2d%c", &y, &m, &d, &tail) != 3 || s[4] != '-' ||
        s[7] != '-' || y < 1971 || y > 2200 || m < 1 || m > 12 || d < 1 ||
        d > days_in_month(y, m)) {
        return LSN_EINVAL;
    }
    *out = days_from_civil(y, m, d);
    return LSN_OK;
}

static int check_options(lsn_gen *g, const lsn_gen_options *opts)
{
    lsn_gen_options o = LSN_GEN_OPTIONS_INIT;
    if (opts != NULL) {
        o = *opts;
    }
    if (o.people == 0) {
        o.people = 150;
    }
    if (o.weeks == 0) {
        o.weeks = 13;
    }
    if (o.seed == 0) {
        o.seed = 1;
    }
    if (o.people < 20 || o.people > 200000) {
        return lsn_error_set(LSN_EINVAL, "people must be between 20 and 200000, not %d", o.people);
    }
    if (o.weeks < 1 || o.weeks > 104) {
        return lsn_error_set(LSN_EINVAL, "weeks must be between 1 and 104, not %d", o.weeks);
    }
    const char *start = o.start != NULL ? o.start : "2026-06-01";
    int32_t day;
    if (parse_date(start, &day) < 0) {
        return lsn_error_set(LSN_EINVAL, "start '%s' is not a date YYYY-MM-DD", start);
    }
    day -= weekday(day);
    const char *domain = o.domain != NULL ? o.domain : "acme.example";
    size_t dl = strlen(domain);
    bool ok = dl > 2 && dl < 100 && strchr(domain, '.') != NULL && domain[0] != '.' &&
              domain[0] != '-' && domain[dl - 1] != '.';
    for (size_t i = 0; i < dl && ok; i++) {
        char c = domain[i];
        ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
             c == '-' || (c == '.' && domain[i + 1] != '.');
    }
    if (!ok) {
        return lsn_error_set(LSN_EINVAL, "domain '%s' is not a domain name such as acme.example",
                             domain);
    }
    for (size_t i = 0; i <= dl; i++) {
        char c = domain[i];
        g->domain[i] = (c >= 'A' && c <= 'Z') ? (char)(c - 'A' + 'a') : c;
    }
    int y, m, d;
    lsn_gen_civil(day, &y, &m, &d);
    snprintf(g->start, sizeof(g->start), "%04d-%02d-%02d", y, m, d);
    size_t cl = strcspn(g->domain, ".");
    if (cl >= sizeof(g->company_id)) {
        cl = sizeof(g->company_id) - 1;
    }
    memcpy(g->company_id, g->domain, cl);
    g->company_id[cl] = '\0';
    snprintf(g->company_name, sizeof(g->company_name), "%c%s Corp",
             g->company_id[0] >= 'a' && g->company_id[0] <= 'z' ? g->company_id[0] - 'a' + 'A'
                                                                : g->company_id[0],
             g->company_id + 1);
    o.start = g->start;
    o.domain = g->domain;
    g->opts = o;
    g->win_start = day;
    g->win_days = 7 * o.weeks;
    return LSN_OK;
}

void lsn_gen_free(lsn_gen *gen)
{
    if (gen == NULL) {
        return;
    }
    for (size_t s = 0; s < gen->nseries; s++) {
        free(gen->series[s].attendees);
        free(gen->series[s].exdates);
        free(gen->series[s].overrides);
    }
    free(gen->series);
    free(gen->sflags);
    free(gen->people);
    free(gen->units);
    free(gen->ui);
    free(gen->needs);
    free(gen->parties);
    free(gen->members);
    free(gen->sync);
    free(gen->sprawl);
    lsn_strmap_free(gen->emails);
    lsn_strmap_free(gen->ids);
    while (gen->arena != NULL) {
        chunk *next = gen->arena->next;
        free(gen->arena);
        gen->arena = next;
    }
    free(gen);
}

int lsn_gen_build(lsn_gen **out, const lsn_gen_options *opts)
{
    assert(out != NULL);
    *out = NULL;
    lsn_gen *g = calloc(1, sizeof(*g));
    if (g == NULL) {
        return oom();
    }
    int rc = check_options(g, opts);
    if (rc < 0) {
        goto cleanup;
    }
    if (lsn_strmap_new(&g->emails) < 0 || lsn_strmap_new(&g->ids) < 0) {
        rc = oom();
        goto cleanup;
    }
    compute_holidays(g);
    uint64_t seed = g->opts.seed;
    rng_seed(&g->r, seed, 1);
    if ((rc = build_org(g)) < 0) {
        goto cleanup;
    }
    rng_seed(&g->r, seed, 2);
    for (size_t u = 0; u < g->nunits; u++) {
        if (regular_team(g, (int32_t)u) && (rc = team_rituals(g, (int32_t)u)) < 0) {
            goto cleanup;
        }
    }
    if ((rc = staff_meetings(g)) < 0 || (rc = one_on_ones(g)) < 0 || (rc = team_syncs(g)) < 0) {
        goto cleanup;
    }
    rng_seed(&g->r, seed, 3);
    if ((rc = plant_liaisons(g)) < 0) {
        goto cleanup;
    }
    rng_seed(&g->r, seed, 4);
    if ((rc = decision_meetings(g)) < 0) {
        goto cleanup;
    }
    rng_seed(&g->r, seed, 5);
    if ((rc = all_hands(g)) < 0) {
        goto cleanup;
    }
    rng_seed(&g->r, seed, 6);
    if ((rc = customer_meetings(g)) < 0 || (rc = interviews(g)) < 0 || (rc = incidents(g)) < 0 ||
        (rc = personal_events(g)) < 0 || (rc = special_events(g)) < 0) {
        goto cleanup;
    }
    rng_seed(&g->r, seed, 7);
    if ((rc = decorate(g)) < 0) {
        goto cleanup;
    }
    *out = g;
    g = NULL;
cleanup:
    lsn_gen_free(g);
    return rc;
}

const lsn_gen_options *lsn_gen_get_options(const lsn_gen *gen)
{
    return &gen->opts;
}

int32_t lsn_gen_window(const lsn_gen *gen, int32_t *days)
{
    if (days != NULL) {
        *days = gen->win_days;
    }
    return gen->win_start;
}

const lsn_gen_person *lsn_gen_people(const lsn_gen *gen, size_t *count)
{
    *count = gen->npeople;
    return gen->people;
}

const lsn_gen_unit *lsn_gen_units(const lsn_gen *gen, size_t *count)
{
    *count = gen->nunits;
    return gen->units;
}

const lsn_gen_need *lsn_gen_needs(const lsn_gen *gen, size_t *count)
{
    *count = gen->nneeds;
    return gen->needs;
}

const lsn_gen_party *lsn_gen_parties(const lsn_gen *gen, size_t *count)
{
    *count = gen->nparties;
    return gen->parties;
}

const lsn_gen_series *lsn_gen_series_list(const lsn_gen *gen, size_t *count)
{
    *count = gen->nseries;
    return gen->series;
}

const char *lsn_gen_zone_name(int32_t zone)
{
    return zone >= 0 && zone < Z_COUNT ? zone_names[zone] : "UTC";
}

int32_t lsn_gen_zone_count(void)
{
    return Z_COUNT;
}

/* ------------------------------------------------------------------ */
/* Output buffers                                                       */
/* ------------------------------------------------------------------ */

typedef struct obuf {
    char *p;
    size_t len, cap;
    bool oom;
} obuf;

static void ob_put(obuf *b, const char *s, size_t n)
{
    if (b->len + n > b->cap) {
        size_t ncap = b->cap ? b->cap : 4096;
        while (ncap < b->len + n) {
            ncap *= 2;
        }
        char *q = realloc(b->p, ncap);
        if (q == NULL) {
            b->oom = true;
            return;
        }
        b->p = q;
        b->cap = ncap;
    }
    memcpy(b->p + b->len, s, n);
    b->len += n;
}

static void ob_puts(obuf *b, const char *s)
{
    ob_put(b, s, strlen(s));
}

/* ------------------------------------------------------------------ */
/* CSV                                                                  */
/* ------------------------------------------------------------------ */

static void csv_field(obuf *b, const char *s, bool last)
{
    if (strpbrk(s, ",\"\r\n") != NULL) {
        ob_put(b, "\"", 1);
        for (; *s != '\0'; s++) {
            if (*s == '"') {
                ob_put(b, "\"\"", 2);
            } else {
                ob_put(b, s, 1);
            }
        }
        ob_put(b, "\"", 1);
    } else {
        ob_puts(b, s);
    }
    ob_puts(b, last ? "\r\n" : ",");
}

static int write_file(const char *path, const obuf *b)
{
    if (b->oom) {
        return oom();
    }
    FILE *f = fopen(path, "wb");
    if (f == NULL) {
        return lsn_error_set(LSN_EIO, "%s: cannot write: %s", path, strerror(errno));
    }
    size_t w = b->len ? fwrite(b->p, 1, b->len, f) : 0;
    int err = w != b->len ? errno : 0;
    if (fclose(f) != 0 && err == 0) {
        err = errno ? errno : EIO;
    }
    if (err != 0) {
        return lsn_error_set(LSN_EIO, "%s: cannot write: %s", path, strerror(err));
    }
    return LSN_OK;
}

static char *join_path(const char *dir, const char *name)
{
    size_t a = strlen(dir), n = strlen(name);
    char *p = malloc(a + n + 2);
    if (p != NULL) {
        memcpy(p, dir, a);
        p[a] = '/';
        memcpy(p + a + 1, name, n + 1);
    }
    return p;
}

static const char *const context_names[3] = {"minimal", "moderate", "deep"};

/* people.csv of a roster whose team indices point into units. */
static void people_csv(obuf *b, const lsn_gen_person *people, size_t n, const lsn_gen_unit *units)
{
    ob_puts(b, "email,name,team,manager\r\n");
    for (size_t i = 0; i < n; i++) {
        const lsn_gen_person *p = &people[i];
        csv_field(b, p->email, false);
        csv_field(b, p->name, false);
        csv_field(b, units[p->team].id, false);
        csv_field(b, p->manager >= 0 ? people[p->manager].email : "", true);
    }
}

static void teams_csv(obuf *b, const lsn_gen_unit *units, size_t n)
{
    ob_puts(b, "team,parent,name\r\n");
    for (size_t i = 0; i < n; i++) {
        const lsn_gen_unit *u = &units[i];
        csv_field(b, u->id, false);
        csv_field(b, u->parent >= 0 ? units[u->parent].id : "", false);
        csv_field(b, u->name, true);
    }
}

static void needs_csv(obuf *b, const lsn_gen_need *needs, size_t n, const lsn_gen_unit *units)
{
    ob_puts(b, "team,from,context,availability\r\n");
    for (size_t i = 0; i < n; i++) {
        const lsn_gen_need *x = &needs[i];
        csv_field(b, units[x->team].id, false);
        csv_field(b, units[x->from].id, false);
        csv_field(b, context_names[x->context], false);
        csv_field(b, x->availability ? "yes" : "no", true);
    }
}

/* Write dir/name from b. */
static int write_in(const char *dir, const char *name, const obuf *b)
{
    char *path = join_path(dir, name);
    if (path == NULL) {
        return oom();
    }
    int rc = write_file(path, b);
    free(path);
    return rc;
}

int lsn_gen_write_roster(const lsn_gen *gen, const char *dir)
{
    obuf b = {0};
    int rc;

    people_csv(&b, gen->people, gen->npeople, gen->units);
    if ((rc = write_in(dir, "people.csv", &b)) < 0) {
        goto cleanup;
    }
    b.len = 0;
    teams_csv(&b, gen->units, gen->nunits);
    if ((rc = write_in(dir, "teams.csv", &b)) < 0) {
        goto cleanup;
    }
    b.len = 0;
    needs_csv(&b, gen->needs, gen->nneeds, gen->units);
    rc = write_in(dir, "needs.csv", &b);
cleanup:
    free(b.p);
    return rc;
}

/* ------------------------------------------------------------------ */
/* Reorg scenarios                                                      */
/* ------------------------------------------------------------------ */

/*
 * A scenario is edited on a copy of the baseline: units keep their baseline
 * indices, new units are appended (each to be listed right after a baseline
 * unit), dropped units stay until scenario_finish() compacts everything into
 * teams.csv order and remaps people, parents and needs.
 */
struct lsn_gen_scenario {
    lsn_gen_scenario_kind kind;
    lsn_gen_person *people;
    size_t npeople;
    lsn_gen_unit *units;
    size_t nunits, cap_units;
    lsn_gen_need *needs;
    size_t nneeds, cap_needs;
    lsn_gen_change *changes;
    size_t nchanges, cap_changes;
    char **strings; /* owned: names and ids the baseline does not have */
    size_t nstrings, cap_strings;
    bool own_teams, own_needs;
    /* Editing state, baseline-sized (freed by scenario_finish). */
    bool *drop;     /* per baseline unit: leaves teams.csv */
    int32_t *into;  /* per baseline unit: where a dropped unit's needs go */
    int32_t *after; /* per unit: the baseline unit a new unit follows, -1 for baseline units */
    size_t nbase;
};

static int make_dirs(const char *path);

static const char *const scenario_names[LSN_GEN_SCENARIO_COUNT] = {"merged", "split",
                                                                   "moved-liaisons"};

const char *lsn_gen_scenario_name(lsn_gen_scenario_kind kind)
{
    return (unsigned)kind < LSN_GEN_SCENARIO_COUNT ? scenario_names[kind] : "";
}

static char *sc_strdup(lsn_gen_scenario *sc, const char *s)
{
    if (reserve((void **)&sc->strings, &sc->cap_strings, sc->nstrings, sizeof(char *)) < 0) {
        return NULL;
    }
    char *p = strdup(s);
    if (p != NULL) {
        sc->strings[sc->nstrings++] = p;
    }
    return p;
}

static int sc_change(lsn_gen_scenario *sc, int32_t person, const char *from, const char *to)
{
    TRY(reserve((void **)&sc->changes, &sc->cap_changes, sc->nchanges, sizeof(lsn_gen_change)));
    sc->changes[sc->nchanges++] = (lsn_gen_change){person, from, to};
    return LSN_OK;
}

static int sc_add_need(lsn_gen_scenario *sc, lsn_gen_need n)
{
    TRY(reserve((void **)&sc->needs, &sc->cap_needs, sc->nneeds, sizeof(lsn_gen_need)));
    sc->needs[sc->nneeds++] = n;
    return LSN_OK;
}

/* A new unit listed right after baseline unit `follows`. */
static int sc_add_unit(lsn_gen_scenario *sc, int32_t *out, lsn_gen_unit u, int32_t follows)
{
    size_t cap = sc->cap_units;
    TRY(reserve((void **)&sc->units, &sc->cap_units, sc->nunits, sizeof(lsn_gen_unit)));
    if (cap != sc->cap_units) {
        int32_t *after = realloc(sc->after, sc->cap_units * sizeof(int32_t));
        if (after == NULL) {
            return oom();
        }
        sc->after = after;
    }
    *out = (int32_t)sc->nunits;
    sc->after[sc->nunits] = follows;
    sc->units[sc->nunits++] = u;
    return LSN_OK;
}

/* Every planted pair of teams that always meet becomes one team. */
static int scenario_merged(lsn_gen_scenario *sc, const lsn_gen *g)
{
    char name[600];
    for (size_t a = 0; a < g->nunits; a++) {
        int32_t b = g->ui[a].joint;
        if (b <= (int32_t)a) {
            continue; /* no partner, or met as the partner's second */
        }
        snprintf(name, sizeof(name), "%s + %s", g->units[a].name, g->units[b].name);
        if ((sc->units[a].name = sc_strdup(sc, name)) == NULL) {
            return oom();
        }
        sc->drop[b] = true;
        sc->into[b] = (int32_t)a;
        int32_t ha = g->units[a].head, hb = g->units[b].head;
        const uinfo *ub = &g->ui[b];
        for (int32_t i = 0; i < ub->count; i++) {
            int32_t p = g->members[ub->first + i];
            sc->people[p].team = (int32_t)a;
            /* One team, one manager: B's manager and B's reports report to A's. */
            if (p == hb || sc->people[p].manager == hb) {
                sc->people[p].manager = ha;
            }
        }
        TRY(sc_change(sc, -1, g->units[b].id, g->units[a].id));
    }
    return LSN_OK;
}

/* The largest ordinary team is split in two halves under the same parent. */
static int scenario_split(lsn_gen_scenario *sc, const lsn_gen *g)
{
    int32_t t = -1;
    for (size_t u = 0; u < g->nunits; u++) {
        const uinfo *ui = &g->ui[u];
        if (!regular_team(g, (int32_t)u) || ui->isolated || ui->joint >= 0 || ui->count < 4) {
            continue;
        }
        if (t < 0 || ui->count > g->ui[t].count) {
            t = (int32_t)u;
        }
    }
    if (t < 0) {
        return LSN_OK;
    }
    const uinfo *ui = &g->ui[t];
    int32_t keep = (ui->count + 1) / 2;
    int32_t head = g->units[t].head, h2 = g->members[ui->first + keep];
    char id[300], name[300];
    int k = 2;
    do {
        snprintf(id, sizeof(id), "%s-%d", g->units[t].id, k);
        snprintf(name, sizeof(name), "%s %d", g->units[t].name, k);
        k++;
    } while (lsn_strmap_find(g->ids, id) >= 0);
    lsn_gen_unit nu = g->units[t];
    nu.id = sc_strdup(sc, id);
    nu.name = sc_strdup(sc, name);
    nu.head = h2;
    if (nu.id == NULL || nu.name == NULL) {
        return oom();
    }
    int32_t n = -1;
    TRY(sc_add_unit(sc, &n, nu, t));
    for (int32_t i = keep; i < ui->count; i++) {
        int32_t p = g->members[ui->first + i];
        sc->people[p].team = n;
        if (p == h2) {
            sc->people[p].manager = g->people[head].manager;
        } else if (sc->people[p].manager == head) {
            sc->people[p].manager = h2;
        }
    }
    /* Each half needs what the team needed and is needed as the team was. */
    sc->nneeds = 0;
    for (size_t i = 0; i < g->nneeds; i++) {
        lsn_gen_need x = g->needs[i];
        TRY(sc_add_need(sc, x));
        if (x.team == t) {
            x.team = n;
            TRY(sc_add_need(sc, x));
        } else if (x.from == t) {
            x.from = n;
            TRY(sc_add_need(sc, x));
        }
    }
    return sc_change(sc, -1, g->units[t].id, nu.id);
}

/* Minutes of the instances of series s held in the window (not cancelled). */
static int held_minutes(const lsn_gen *g, size_t s, int64_t *out)
{
    size_t n = lsn_gen_expand(g, s, NULL, 0);
    lsn_gen_instance *inst = malloc((n ? n : 1) * sizeof(*inst));
    if (inst == NULL) {
        return oom();
    }
    lsn_gen_expand(g, s, inst, n);
    int64_t sum = 0;
    for (size_t i = 0; i < n; i++) {
        sum += inst[i].cancelled ? 0 : inst[i].duration;
    }
    free(inst);
    *out = sum;
    return LSN_OK;
}

/* One sprawling liaison's attendance of another team's meetings. */
typedef struct seat {
    int32_t slot, team;
    int64_t minutes;
} seat;

static int cmp_seats(const void *a, const void *b)
{
    const seat *x = a, *y = b;
    if (x->slot != y->slot) {
        return x->slot < y->slot ? -1 : 1;
    }
    return x->team < y->team ? -1 : x->team > y->team;
}

/* Every planted sprawling liaison moves into the team they attend most. */
static int scenario_moved(lsn_gen_scenario *sc, const lsn_gen *g)
{
    int rc = LSN_OK;
    int32_t *slot = malloc((g->npeople ? g->npeople : 1) * sizeof(int32_t));
    bool *boss = calloc(g->npeople ? g->npeople : 1, sizeof(bool));
    int32_t *who = malloc((g->nsprawl ? g->nsprawl : 1) * sizeof(int32_t));
    seat *seats = NULL;
    size_t nseats = 0, cap_seats = 0, nslots = 0;
    if (slot == NULL || boss == NULL || who == NULL) {
        rc = oom();
        goto cleanup;
    }
    for (size_t p = 0; p < g->npeople; p++) {
        slot[p] = -1;
        if (g->people[p].manager >= 0) {
            boss[g->people[p].manager] = true;
        }
    }
    for (size_t i = 0; i < g->nsprawl; i++) {
        int32_t p = g->sprawl[i];
        if (slot[p] >= 0 || boss[p]) {
            continue; /* twice, or a manager: moving her would orphan her reports */
        }
        slot[p] = (int32_t)nslots;
        who[nslots++] = p;
    }
    /* One pass over the team meetings, collecting the seats of those people. */
    for (size_t s = 0; s < g->nseries && nslots > 0; s++) {
        const lsn_gen_series *x = &g->series[s];
        if ((x->kind != LSN_GEN_STANDUP && x->kind != LSN_GEN_PLANNING &&
             x->kind != LSN_GEN_RETRO && x->kind != LSN_GEN_DEMO) ||
            x->team < 0) {
            continue;
        }
        int64_t held = -1;
        for (size_t a = 0; a < x->attendee_count; a++) {
            const lsn_gen_attendee *at = &x->attendees[a];
            if ((size_t)at->party >= g->npeople || slot[at->party] < 0 || at->role == LSN_GEN_NON ||
                at->partstat == LSN_GEN_DECLINED || g->people[at->party].team == x->team) {
                continue;
            }
            if (held < 0 && (rc = held_minutes(g, s, &held)) < 0) {
                goto cleanup;
            }
            if ((rc = reserve((void **)&seats, &cap_seats, nseats, sizeof(seat))) < 0) {
                goto cleanup;
            }
            seats[nseats++] = (seat){slot[at->party], x->team, held};
        }
    }
    if (nseats > 0) {
        qsort(seats, nseats, sizeof(seat), cmp_seats);
    }
    for (size_t i = 0, k = 0; k < nslots; k++) {
        int32_t best = -1;
        int64_t most = -1;
        while (i < nseats && seats[i].slot == (int32_t)k) {
            int32_t t = seats[i].team;
            int64_t sum = 0;
            for (; i < nseats && seats[i].slot == (int32_t)k && seats[i].team == t; i++) {
                sum += seats[i].minutes;
            }
            if (sum > most) { /* teams ascend: a tie keeps the first */
                most = sum;
                best = t;
            }
        }
        if (best < 0) {
            continue;
        }
        int32_t p = who[k];
        int32_t home = g->people[p].team;
        sc->people[p].team = best;
        sc->people[p].manager = g->units[best].head;
        if ((rc = sc_change(sc, p, g->units[home].id, g->units[best].id)) < 0) {
            goto cleanup;
        }
    }
cleanup:
    free(slot);
    free(boss);
    free(who);
    free(seats);
    return rc;
}

/* Compact the edited units into teams.csv order and remap everything. */
static int scenario_finish(lsn_gen_scenario *sc, const lsn_gen *g)
{
    int rc = LSN_OK;
    size_t n = sc->nunits;
    int32_t *map = malloc(n * sizeof(int32_t));
    lsn_gen_unit *units = malloc(n * sizeof(lsn_gen_unit));
    int32_t *order = malloc(n * sizeof(int32_t));
    if (map == NULL || units == NULL || order == NULL) {
        rc = oom();
        goto cleanup;
    }
    /* Baseline units in order, each followed by the new units that follow it. */
    size_t m = 0;
    for (size_t u = 0; u < sc->nbase; u++) {
        if (!sc->drop[u]) {
            order[m++] = (int32_t)u;
        }
        for (size_t v = sc->nbase; v < n; v++) {
            if (sc->after[v] == (int32_t)u) {
                order[m++] = (int32_t)v;
            }
        }
    }
    for (size_t i = 0; i < m; i++) {
        map[order[i]] = (int32_t)i;
    }
    for (size_t u = 0; u < sc->nbase; u++) {
        if (sc->drop[u]) {
            map[u] = map[sc->into[u]];
        }
    }
    for (size_t i = 0; i < m; i++) {
        units[i] = sc->units[order[i]];
        if (units[i].parent >= 0) {
            units[i].parent = map[units[i].parent];
        }
    }
    free(sc->units);
    sc->units = units;
    sc->nunits = sc->cap_units = m;
    units = NULL;
    for (size_t p = 0; p < sc->npeople; p++) {
        sc->people[p].team = map[sc->people[p].team];
    }
    /* Needs follow their units; one that became a team's need of itself, or
     * a repeat of an earlier one, goes. */
    size_t kept = 0;
    for (size_t i = 0; i < sc->nneeds; i++) {
        lsn_gen_need x = sc->needs[i];
        x.team = map[x.team];
        x.from = map[x.from];
        bool keep = x.team != x.from;
        for (size_t j = 0; j < kept && keep; j++) {
            keep = sc->needs[j].team != x.team || sc->needs[j].from != x.from;
        }
        if (keep) {
            sc->needs[kept++] = x;
        }
    }
    sc->nneeds = kept;
    /* Which files differ from the baseline's: compare the bytes written. */
    obuf a = {0}, b = {0};
    teams_csv(&a, sc->units, sc->nunits);
    teams_csv(&b, g->units, g->nunits);
    sc->own_teams = a.len != b.len || memcmp(a.p, b.p, a.len) != 0;
    a.len = b.len = 0;
    needs_csv(&a, sc->needs, sc->nneeds, sc->units);
    needs_csv(&b, g->needs, g->nneeds, g->units);
    sc->own_needs = a.len != b.len || memcmp(a.p, b.p, a.len) != 0;
    if (a.oom || b.oom) {
        rc = oom();
    }
    free(a.p);
    free(b.p);
cleanup:
    free(map);
    free(units);
    free(order);
    return rc;
}

void lsn_gen_scenario_free(lsn_gen_scenario *sc)
{
    if (sc == NULL) {
        return;
    }
    for (size_t i = 0; i < sc->nstrings; i++) {
        free(sc->strings[i]);
    }
    free(sc->strings);
    free(sc->people);
    free(sc->units);
    free(sc->needs);
    free(sc->changes);
    free(sc->drop);
    free(sc->into);
    free(sc->after);
    free(sc);
}

int lsn_gen_scenario_build(lsn_gen_scenario **out, const lsn_gen *gen, lsn_gen_scenario_kind kind)
{
    assert(out != NULL && gen != NULL);
    *out = NULL;
    if ((unsigned)kind >= LSN_GEN_SCENARIO_COUNT) {
        return lsn_error_set(LSN_EINVAL, "unknown scenario %d", (int)kind);
    }
    int rc = LSN_OK;
    lsn_gen_scenario *sc = calloc(1, sizeof(*sc));
    if (sc == NULL) {
        return oom();
    }
    sc->kind = kind;
    sc->nbase = gen->nunits;
    sc->npeople = gen->npeople;
    sc->nunits = sc->cap_units = gen->nunits;
    sc->nneeds = sc->cap_needs = gen->nneeds;
    sc->people = malloc((gen->npeople ? gen->npeople : 1) * sizeof(lsn_gen_person));
    sc->units = malloc((gen->nunits ? gen->nunits : 1) * sizeof(lsn_gen_unit));
    sc->needs = malloc((gen->nneeds ? gen->nneeds : 1) * sizeof(lsn_gen_need));
    sc->drop = calloc(gen->nunits ? gen->nunits : 1, sizeof(bool));
    sc->into = malloc((gen->nunits ? gen->nunits : 1) * sizeof(int32_t));
    sc->after = malloc((gen->nunits ? gen->nunits : 1) * sizeof(int32_t));
    if (!sc->people || !sc->units || !sc->needs || !sc->drop || !sc->into || !sc->after) {
        rc = oom();
        goto cleanup;
    }
    memcpy(sc->people, gen->people, gen->npeople * sizeof(lsn_gen_person));
    memcpy(sc->units, gen->units, gen->nunits * sizeof(lsn_gen_unit));
    if (gen->nneeds > 0) { /* an organization may declare none: needs is NULL */
        memcpy(sc->needs, gen->needs, gen->nneeds * sizeof(lsn_gen_need));
    }
    for (size_t u = 0; u < gen->nunits; u++) {
        sc->into[u] = (int32_t)u;
        sc->after[u] = -1;
    }
    switch (kind) {
    case LSN_GEN_SCENARIO_MERGED:
        rc = scenario_merged(sc, gen);
        break;
    case LSN_GEN_SCENARIO_SPLIT:
        rc = scenario_split(sc, gen);
        break;
    default:
        rc = scenario_moved(sc, gen);
        break;
    }
    if (rc < 0 || (rc = scenario_finish(sc, gen)) < 0) {
        goto cleanup;
    }
    free(sc->drop);
    free(sc->into);
    free(sc->after);
    sc->drop = NULL;
    sc->into = sc->after = NULL;
    *out = sc;
    sc = NULL;
cleanup:
    lsn_gen_scenario_free(sc);
    return rc;
}

const lsn_gen_person *lsn_gen_scenario_people(const lsn_gen_scenario *sc, size_t *count)
{
    *count = sc->npeople;
    return sc->people;
}

const lsn_gen_unit *lsn_gen_scenario_units(const lsn_gen_scenario *sc, size_t *count)
{
    *count = sc->nunits;
    return sc->units;
}

const lsn_gen_need *lsn_gen_scenario_needs(const lsn_gen_scenario *sc, size_t *count)
{
    *count = sc->nneeds;
    return sc->needs;
}

const lsn_gen_change *lsn_gen_scenario_changes(const lsn_gen_scenario *sc, size_t *count)
{
    *count = sc->nchanges;
    return sc->changes;
}

bool lsn_gen_scenario_own_teams(const lsn_gen_scenario *sc)
{
    return sc->own_teams;
}

bool lsn_gen_scenario_own_needs(const lsn_gen_scenario *sc)
{
    return sc->own_needs;
}

/* Remove dir/name when it exists. */
static int remove_in(const char *dir, const char *name)
{
    char *path = join_path(dir, name);
    if (path == NULL) {
        return oom();
    }
    int rc = LSN_OK;
    if (unlink(path) != 0 && errno != ENOENT && errno != ENOTDIR) {
        rc = lsn_error_set(LSN_EIO, "%s: cannot remove: %s", path, strerror(errno));
    }
    free(path);
    return rc;
}

int lsn_gen_scenario_write(const lsn_gen_scenario *sc, const char *dir)
{
    obuf b = {0};
    int rc;
    people_csv(&b, sc->people, sc->npeople, sc->units);
    if ((rc = write_in(dir, "people.csv", &b)) < 0) {
        goto cleanup;
    }
    b.len = 0;
    if (sc->own_teams) {
        teams_csv(&b, sc->units, sc->nunits);
        rc = write_in(dir, "teams.csv", &b);
    } else {
        rc = remove_in(dir, "teams.csv"); /* left by an earlier run */
    }
    if (rc < 0) {
        goto cleanup;
    }
    b.len = 0;
    if (sc->own_needs) {
        needs_csv(&b, sc->needs, sc->nneeds, sc->units);
        rc = write_in(dir, "needs.csv", &b);
    } else {
        rc = remove_in(dir, "needs.csv");
    }
cleanup:
    free(b.p);
    return rc;
}

int lsn_gen_write_scenarios(const lsn_gen *gen, const char *dir, unsigned which, unsigned *written)
{
    int rc = LSN_OK;
    char *top = NULL, *sub = NULL;
    lsn_gen_scenario *sc = NULL;
    if (written != NULL) {
        *written = 0;
    }
    if ((top = join_path(dir, "scenarios")) == NULL) {
        return oom();
    }
    for (int k = 0; k < LSN_GEN_SCENARIO_COUNT; k++) {
        if (!(which & (1u << k))) {
            continue;
        }
        if ((rc = lsn_gen_scenario_build(&sc, gen, (lsn_gen_scenario_kind)k)) < 0) {
            goto cleanup;
        }
        if ((sub = join_path(top, scenario_names[k])) == NULL) {
            rc = oom();
            goto cleanup;
        }
        if (sc->nchanges > 0) {
            if ((rc = make_dirs(sub)) < 0 || (rc = lsn_gen_scenario_write(sc, sub)) < 0) {
                goto cleanup;
            }
            if (written != NULL) {
                *written |= 1u << k;
            }
        } else {
            /* Nothing to change: no folder, not even one from another seed. */
            static const char *const files[] = {"people.csv", "teams.csv", "needs.csv"};
            for (size_t f = 0; f < COUNTOF(files); f++) {
                if ((rc = remove_in(sub, files[f])) < 0) {
                    goto cleanup;
                }
            }
            (void)rmdir(sub); /* fails, as it should, when something else is inside */
        }
        free(sub);
        sub = NULL;
        lsn_gen_scenario_free(sc);
        sc = NULL;
    }
cleanup:
    lsn_gen_scenario_free(sc);
    free(sub);
    free(top);
    return rc;
}

/* ------------------------------------------------------------------ */
/* iCalendar                                                            */
/* ------------------------------------------------------------------ */

typedef struct icsw {
    const lsn_gen *g;
    obuf out;
    obuf line;
    char *vtz[Z_COUNT]; /* VTIMEZONE text of each zone (NULL for UTC) */
    icaltimezone *tz[Z_COUNT];
    char dtstamp[24];
} icsw;

/* Append the current line to out, folded at 75 octets, never inside a UTF-8 character. */
static void end_line(icsw *w)
{
    const char *s = w->line.p;
    size_t n = w->line.len, pos = 0, lim = 75;
    while (n - pos > lim) {
        size_t cut = pos + lim;
        while (cut > pos && ((unsigned char)s[cut] & 0xC0) == 0x80) {
            cut--;
        }
        ob_put(&w->out, s + pos, cut - pos);
        ob_put(&w->out, "\r\n ", 3);
        pos = cut;
        lim = 74;
    }
    ob_put(&w->out, s + pos, n - pos);
    ob_put(&w->out, "\r\n", 2);
    w->line.len = 0;
}

static void lput(icsw *w, const char *s)
{
    ob_puts(&w->line, s);
}

static void text_value(icsw *w, const char *s)
{
    const char *run = s;
    for (; *s != '\0'; s++) {
        const char *esc = NULL;
        switch (*s) {
        case '\\':
            esc = "\\\\";
            break;
        case ';':
            esc = "\\;";
            break;
        case ',':
            esc = "\\,";
            break;
        case '\n':
            esc = "\\n";
            break;
        default:
            continue;
        }
        ob_put(&w->line, run, (size_t)(s - run));
        ob_puts(&w->line, esc);
        run = s + 1;
    }
    ob_put(&w->line, run, (size_t)(s - run));
}

/* A parameter value, quoted when it holds ':', ';' or ','. */
static void param_value(icsw *w, const char *s)
{
    bool quote = strpbrk(s, ":;,") != NULL;
    if (quote) {
        lput(w, "\"");
    }
    for (; *s != '\0'; s++) {
        if (*s != '"' && *s != '\r' && *s != '\n') {
            ob_put(&w->line, s, 1);
        }
    }
    if (quote) {
        lput(w, "\"");
    }
}

static void put2(char *p, int v)
{
    p[0] = (char)('0' + v / 10);
    p[1] = (char)('0' + v % 10);
}

/* "YYYYMMDD" or "YYYYMMDDTHHMMSS" of a local day and minute. */
static void fmt_dt(char *out, int32_t day, int32_t minute, bool date_only)
{
    day += minute / 1440;
    minute %= 1440;
    int y, m, d;
    lsn_gen_civil(day, &y, &m, &d);
    put2(out, y / 100);
    put2(out + 2, y % 100);
    put2(out + 4, m);
    put2(out + 6, d);
    if (date_only) {
        out[8] = '\0';
        return;
    }
    out[8] = 'T';
    put2(out + 9, minute / 60);
    put2(out + 11, minute % 60);
    put2(out + 13, 0);
    out[15] = '\0';
}

/* NAME;TZID=zone:local, NAME:utcZ or NAME;VALUE=DATE:date. */
static void time_prop(icsw *w, const char *name, const lsn_gen_series *x, int32_t day, int32_t min)
{
    char dt[20];
    lput(w, name);
    if (x->all_day) {
        fmt_dt(dt, day, 0, true);
        lput(w, ";VALUE=DATE:");
        lput(w, dt);
    } else if (x->zone == Z_UTC) {
        fmt_dt(dt, day, min, false);
        lput(w, ":");
        lput(w, dt);
        lput(w, "Z");
    } else {
        fmt_dt(dt, day, min, false);
        lput(w, ";TZID=");
        lput(w, zone_names[x->zone]);
        lput(w, ":");
        lput(w, dt);
    }
    end_line(w);
}

static void duration_prop(icsw *w, const lsn_gen_series *x, int32_t day, int32_t min, int32_t dur)
{
    if (x->use_duration && !x->all_day) {
        char tmp[40];
        if (dur % 60 == 0) {
            snprintf(tmp, sizeof(tmp), "DURATION:PT%dH", dur / 60);
        } else if (dur > 60) {
            snprintf(tmp, sizeof(tmp), "DURATION:PT%dH%dM", dur / 60, dur % 60);
        } else {
            snprintf(tmp, sizeof(tmp), "DURATION:PT%dM", dur);
        }
        lput(w, tmp);
        end_line(w);
        return;
    }
    if (x->all_day) {
        time_prop(w, "DTEND", x, day + dur / 1440, 0);
    } else {
        time_prop(w, "DTEND", x, day, min + dur);
    }
}

/* UNTIL: the end of the last local day, in UTC as RFC 5545 requires with TZID. */
static void until_value(icsw *w, const lsn_gen_series *x)
{
    int32_t day = x->rule.until_day;
    int offset = 0;
    if (x->zone != Z_UTC && w->tz[x->zone] != NULL) {
        int y, m, d, dst = 0;
        lsn_gen_civil(day, &y, &m, &d);
        struct icaltimetype t = icaltime_null_time();
        t.year = y;
        t.month = m;
        t.day = d;
        t.hour = 23;
        t.minute = 59;
        t.second = 59;
        offset = icaltimezone_get_utc_offset(w->tz[x->zone], &t, &dst);
    }
    int64_t secs = (int64_t)day * 86400 + 86399 - offset;
    int32_t uday = (int32_t)(secs >= 0 ? secs / 86400 : (secs - 86399) / 86400);
    int32_t rest = (int32_t)(secs - (int64_t)uday * 86400);
    char dt[20], tmp[8];
    fmt_dt(dt, uday, rest / 60, false);
    put2(tmp, rest % 60);
    dt[13] = tmp[0];
    dt[14] = tmp[1];
    lput(w, ";UNTIL=");
    lput(w, dt);
    lput(w, "Z");
}

static const char *const day_codes[7] = {"MO", "TU", "WE", "TH", "FR", "SA", "SU"};

static void rrule_prop(icsw *w, const lsn_gen_series *x)
{
    const lsn_gen_rule *r = &x->rule;
    char tmp[40];
    static const char *const freq[4] = {"", "DAILY", "WEEKLY", "MONTHLY"};
    lput(w, "RRULE:FREQ=");
    lput(w, freq[r->freq]);
    if (r->until_day != INT32_MAX) {
        until_value(w, x);
    }
    if (r->count > 0) {
        snprintf(tmp, sizeof(tmp), ";COUNT=%d", r->count);
        lput(w, tmp);
    }
    if (r->interval > 1) {
        snprintf(tmp, sizeof(tmp), ";INTERVAL=%d", r->interval);
        lput(w, tmp);
    }
    if (r->freq == LSN_GEN_WEEKLY || r->freq == LSN_GEN_MONTHLY) {
        lput(w, ";BYDAY=");
        bool first = true;
        for (int d = 0; d < 7; d++) {
            if (r->byday & (1u << d)) {
                if (!first) {
                    lput(w, ",");
                }
                if (r->freq == LSN_GEN_MONTHLY) {
                    snprintf(tmp, sizeof(tmp), "%d", r->nth);
                    lput(w, tmp);
                }
                lput(w, day_codes[d]);
                first = false;
            }
        }
    }
    end_line(w);
}

static void exdate_prop(icsw *w, const lsn_gen_series *x)
{
    if (x->exdate_count == 0) {
        return;
    }
    char dt[20];
    lput(w, "EXDATE");
    if (x->zone != Z_UTC) {
        lput(w, ";TZID=");
        lput(w, zone_names[x->zone]);
    }
    lput(w, ":");
    for (size_t i = 0; i < x->exdate_count; i++) {
        fmt_dt(dt, x->exdates[i], x->minute, false);
        if (i > 0) {
            lput(w, ",");
        }
        lput(w, dt);
        if (x->zone == Z_UTC) {
            lput(w, "Z");
        }
    }
    end_line(w);
}

static const char *const role_names[3] = {"REQ-PARTICIPANT", "OPT-PARTICIPANT", "NON-PARTICIPANT"};
static const char *const partstat_names[4] = {"NEEDS-ACTION", "ACCEPTED", "DECLINED", "TENTATIVE"};

/* ORGANIZER and ATTENDEEs as the viewer's mailbox shows them (viewer -1: all replies). */
static void people_props(icsw *w, const lsn_gen_series *x, int32_t viewer)
{
    const lsn_gen *g = w->g;
    const lsn_gen_party *o = &g->parties[x->organizer];
    lput(w, "ORGANIZER");
    if (o->name[0] != '\0') {
        lput(w, ";CN=");
        param_value(w, o->name);
    }
    lput(w, ":mailto:");
    lput(w, o->email);
    end_line(w);
    bool all = viewer < 0 || viewer == x->organizer;
    for (size_t i = 0; i < x->attendee_count; i++) {
        const lsn_gen_attendee *a = &x->attendees[i];
        const lsn_gen_party *p = &g->parties[a->party];
        lput(w, "ATTENDEE");
        if (p->cutype == LSN_GEN_ROOM) {
            lput(w, ";CUTYPE=ROOM");
        } else if (p->cutype == LSN_GEN_GROUP) {
            lput(w, ";CUTYPE=GROUP");
        }
        lput(w, ";ROLE=");
        lput(w, role_names[a->role]);
        lput(w, ";PARTSTAT=");
        lput(w, partstat_names[(all || a->party == viewer) ? a->partstat : LSN_GEN_NEEDS_ACTION]);
        if (p->name[0] != '\0') {
            lput(w, ";CN=");
            param_value(w, p->name);
        }
        lput(w, ":mailto:");
        lput(w, p->email);
        end_line(w);
    }
}

static void common_props(icsw *w, const lsn_gen_series *x, int sequence)
{
    char tmp[40];
    lput(w, "UID:");
    lput(w, x->uid);
    end_line(w);
    lput(w, "DTSTAMP:");
    lput(w, w->dtstamp);
    end_line(w);
    snprintf(tmp, sizeof(tmp), "SEQUENCE:%d", sequence);
    lput(w, tmp);
    end_line(w);
    lput(w, "SUMMARY:");
    text_value(w, x->summary);
    end_line(w);
    if (x->description[0] != '\0') {
        lput(w, "DESCRIPTION:");
        text_value(w, x->description);
        end_line(w);
    }
    if (x->location[0] != '\0') {
        lput(w, "LOCATION:");
        text_value(w, x->location);
        end_line(w);
    }
}

static void emit_event(icsw *w, const lsn_gen_series *x, int32_t viewer)
{
    lput(w, "BEGIN:VEVENT");
    end_line(w);
    common_props(w, x, x->sequence);
    time_prop(w, "DTSTART", x, x->day, x->minute);
    duration_prop(w, x, x->day, x->minute, x->duration);
    if (x->rule.freq != LSN_GEN_ONCE) {
        rrule_prop(w, x);
        exdate_prop(w, x);
    }
    lput(w, x->cancelled ? "STATUS:CANCELLED" : "STATUS:CONFIRMED");
    end_line(w);
    lput(w, x->transparent ? "TRANSP:TRANSPARENT" : "TRANSP:OPAQUE");
    end_line(w);
    people_props(w, x, viewer);
    lput(w, "END:VEVENT");
    end_line(w);
    for (size_t i = 0; i < x->override_count; i++) {
        const lsn_gen_override *o = &x->overrides[i];
        lput(w, "BEGIN:VEVENT");
        end_line(w);
        common_props(w, x, x->sequence + 1);
        time_prop(w, "RECURRENCE-ID", x, o->orig_day, x->minute);
        time_prop(w, "DTSTART", x, o->day, o->minute);
        duration_prop(w, x, o->day, o->minute, o->duration);
        lput(w, o->cancelled ? "STATUS:CANCELLED" : "STATUS:CONFIRMED");
        end_line(w);
        lput(w, "TRANSP:OPAQUE");
        end_line(w);
        people_props(w, x, viewer);
        lput(w, "END:VEVENT");
        end_line(w);
    }
}

static void calendar_begin(icsw *w, const char *name, unsigned zones)
{
    lput(w, "BEGIN:VCALENDAR");
    end_line(w);
    lput(w, "PRODID:-//liaison//liaison gen 0.1//EN");
    end_line(w);
    lput(w, "VERSION:2.0");
    end_line(w);
    lput(w, "CALSCALE:GREGORIAN");
    end_line(w);
    lput(w, "METHOD:PUBLISH");
    end_line(w);
    lput(w, "X-WR-CALNAME:");
    text_value(w, name);
    end_line(w);
    for (int z = 0; z < Z_COUNT; z++) {
        if ((zones & (1u << z)) && w->vtz[z] != NULL) {
            ob_puts(&w->out, w->vtz[z]);
        }
    }
}

static void calendar_end(icsw *w)
{
    lput(w, "END:VCALENDAR");
    end_line(w);
}

static unsigned series_zone_bit(const lsn_gen_series *x)
{
    return (x->all_day || x->zone == Z_UTC) ? 0u : 1u << x->zone;
}

/* The zone's VTIMEZONE from libical (system tzdata), trimmed to the
 * observances that matter for the window, with TZID set to the IANA name. */
static int make_vtimezone(icsw *w, int z)
{
    const lsn_gen *g = w->g;
    icaltimezone *tz = icaltimezone_get_builtin_timezone(zone_names[z]);
    icalcomponent *src = tz != NULL ? icaltimezone_get_component(tz) : NULL;
    if (src == NULL) {
        return lsn_error_set(LSN_EINTERNAL,
                             "time zone %s is not available (is the tzdata package installed?)",
                             zone_names[z]);
    }
    w->tz[z] = tz;
    icalcomponent *c = icalcomponent_new_clone(src);
    if (c == NULL) {
        return oom();
    }
    int32_t lo = g->win_start - 366, hi = g->win_start + g->win_days + 1;
    icalcomponent *drop[512];
    size_t ndrop = 0;
    icalcomponent *latest = NULL;
    int32_t latest_day = INT32_MIN;
    for (icalcomponent *o = icalcomponent_get_first_component(c, ICAL_ANY_COMPONENT); o != NULL;
         o = icalcomponent_get_next_component(c, ICAL_ANY_COMPONENT)) {
        icalproperty *ds = icalcomponent_get_first_property(o, ICAL_DTSTART_PROPERTY);
        if (ds == NULL) {
            continue;
        }
        struct icaltimetype t = icalproperty_get_dtstart(ds);
        int32_t start = days_from_civil(t.year, t.month, t.day);
        icalproperty *rr = icalcomponent_get_first_property(o, ICAL_RRULE_PROPERTY);
        int32_t last = start; /* last onset */
        bool open = false;
        if (rr != NULL) {
            struct icalrecurrencetype r = icalproperty_get_rrule(rr);
            if (icaltime_is_null_time(r.until)) {
                open = true;
            } else {
                last = days_from_civil(r.until.year, r.until.month, r.until.day);
            }
        }
        for (icalproperty *rd = icalcomponent_get_first_property(o, ICAL_RDATE_PROPERTY);
             rd != NULL; rd = icalcomponent_get_next_property(o, ICAL_RDATE_PROPERTY)) {
            struct icaldatetimeperiodtype p = icalproperty_get_rdate(rd);
            int32_t d = days_from_civil(p.time.year, p.time.month, p.time.day);
            if (d > last && !icaltime_is_null_time(p.time)) {
                last = d;
            }
        }
        bool keep = start <= hi && (open || last >= lo);
        /* The observance in force when the window opens (no rule reaches it). */
        int32_t before = open ? lo : (last < lo ? last : lo);
        if (start <= lo && before > latest_day) {
            latest_day = before;
            latest = o;
        }
        if (!keep && ndrop < COUNTOF(drop)) {
            drop[ndrop++] = o;
        }
    }
    for (size_t i = 0; i < ndrop; i++) {
        if (drop[i] != latest) {
            icalcomponent_remove_component(c, drop[i]);
            icalcomponent_free(drop[i]);
        }
    }
    icalproperty *id = icalcomponent_get_first_property(c, ICAL_TZID_PROPERTY);
    if (id != NULL) {
        icalproperty_set_tzid(id, zone_names[z]);
    }
    char *text = icalcomponent_as_ical_string_r(c);
    icalcomponent_free(c);
    if (text == NULL) {
        return oom();
    }
    w->vtz[z] = strdup(text);
    icalmemory_free_buffer(text);
    return w->vtz[z] != NULL ? LSN_OK : oom();
}

static int make_dirs(const char *path)
{
    if (path[0] == '\0') {
        return lsn_error_set(LSN_EIO, ": cannot create: empty path");
    }
    char *p = strdup(path);
    int rc = LSN_OK;
    if (p == NULL) {
        return oom();
    }
    for (char *s = p + 1;; s++) {
        if (*s == '/' || *s == '\0') {
            char saved = *s;
            *s = '\0';
            if (mkdir(p, 0777) != 0 && errno != EEXIST) {
                rc = lsn_error_set(LSN_EIO, "%s: cannot create: %s", p, strerror(errno));
                break;
            }
            *s = saved;
            if (saved == '\0') {
                break;
            }
        }
    }
    if (rc == LSN_OK) {
        struct stat st;
        if (stat(path, &st) != 0 || !S_ISDIR(st.st_mode)) {
            rc = lsn_error_set(LSN_EIO, "%s: cannot create: %s", path,
                               errno ? strerror(errno) : "not a directory");
        }
    }
    free(p);
    return rc;
}

/* Remove the files ending in suffix that a previous run left in dir. */
static int clear_files(const char *dir, const char *suffix)
{
    DIR *d = opendir(dir);
    if (d == NULL) {
        return lsn_error_set(LSN_EIO, "%s: cannot read: %s", dir, strerror(errno));
    }
    int rc = LSN_OK;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        size_t n = strlen(e->d_name), k = strlen(suffix);
        if (n > k && strcmp(e->d_name + n - k, suffix) == 0) {
            char *p = join_path(dir, e->d_name);
            if (p == NULL) {
                rc = oom();
                break;
            }
            if (unlink(p) != 0 && errno != ENOENT) {
                rc = lsn_error_set(LSN_EIO, "%s: cannot remove: %s", p, strerror(errno));
                free(p);
                break;
            }
            free(p);
        }
    }
    closedir(d);
    return rc;
}

/*
 * The series of each roster person's mailbox (organizer or attendee of any
 * role), in series order: list[first[p] .. first[p + 1]). zones[p] has the
 * bit of every zone those series use (series_zone_bit). Free all three.
 */
static int
mailboxes(const lsn_gen *g, int32_t **first_out, int32_t **list_out, unsigned **zones_out)
{
    int rc = LSN_OK;
    size_t np = g->npeople;
    int32_t *first = calloc(np + 1, sizeof(int32_t));
    int32_t *stamp = malloc((np ? np : 1) * sizeof(int32_t));
    unsigned *zones = calloc(np ? np : 1, sizeof(unsigned));
    int32_t *list = NULL;
    if (first == NULL || stamp == NULL || zones == NULL) {
        rc = oom();
        goto cleanup;
    }
    for (int pass = 0; pass < 2; pass++) {
        for (size_t p = 0; p < np; p++) {
            stamp[p] = -1;
        }
        for (size_t s = 0; s < g->nseries; s++) {
            const lsn_gen_series *x = &g->series[s];
            for (size_t i = 0; i <= x->attendee_count; i++) {
                int32_t who = i == 0 ? x->organizer : x->attendees[i - 1].party;
                if ((size_t)who >= np || stamp[who] == (int32_t)s) {
                    continue;
                }
                stamp[who] = (int32_t)s;
                if (pass == 0) {
                    first[who + 1]++;
                    zones[who] |= series_zone_bit(x);
                } else {
                    list[first[who]++] = (int32_t)s;
                }
            }
        }
        if (pass == 0) {
            for (size_t p = 0; p < np; p++) {
                first[p + 1] += first[p];
            }
            list = malloc((first[np] ? (size_t)first[np] : 1) * sizeof(int32_t));
            if (list == NULL) {
                rc = oom();
                goto cleanup;
            }
        }
    }
    /* Pass 1 advanced first[p] to the end of p's range: shift back. */
    for (size_t p = np; p > 0; p--) {
        first[p] = first[p - 1];
    }
    first[0] = 0;
cleanup:
    free(stamp);
    if (rc < 0) {
        free(first);
        free(list);
        free(zones);
        first = list = NULL;
        zones = NULL;
    }
    *first_out = first;
    *list_out = list;
    *zones_out = zones;
    return rc;
}

int lsn_gen_write_ics(const lsn_gen *gen, const char *dir)
{
    const lsn_gen *g = gen;
    icsw w;
    memset(&w, 0, sizeof(w));
    w.g = g;
    int rc = LSN_OK;
    char *path = NULL, *mbox = NULL;
    int32_t *first = NULL, *list = NULL;
    unsigned *zones = NULL;
    size_t np = g->npeople;

    {
        int32_t end = g->win_start + g->win_days;
        char dt[20];
        fmt_dt(dt, end, 0, false);
        snprintf(w.dtstamp, sizeof(w.dtstamp), "%sZ", dt);
    }
    unsigned all_zones = 0;
    for (size_t s = 0; s < g->nseries; s++) {
        all_zones |= series_zone_bit(&g->series[s]);
    }
    for (int z = 0; z < Z_COUNT; z++) {
        if ((all_zones & (1u << z)) && (rc = make_vtimezone(&w, z)) < 0) {
            goto cleanup;
        }
    }

    /* combined.ics */
    calendar_begin(&w, g->company_name, all_zones);
    for (size_t s = 0; s < g->nseries; s++) {
        emit_event(&w, &g->series[s], -1);
    }
    calendar_end(&w);
    w.out.oom = w.out.oom || w.line.oom;
    if ((path = join_path(dir, "combined.ics")) == NULL) {
        rc = oom();
        goto cleanup;
    }
    if ((rc = write_file(path, &w.out)) < 0) {
        goto cleanup;
    }

    if ((rc = mailboxes(g, &first, &list, &zones)) < 0) {
        goto cleanup;
    }

    if ((mbox = join_path(dir, "mailboxes")) == NULL) {
        rc = oom();
        goto cleanup;
    }
    if ((rc = make_dirs(mbox)) < 0 || (rc = clear_files(mbox, ".ics")) < 0) {
        goto cleanup;
    }
    for (size_t p = 0; p < np; p++) {
        const char *email = g->people[p].email;
        char name[300];
        size_t local = strcspn(email, "@");
        snprintf(name, sizeof(name), "%.*s.ics", (int)local, email);
        free(path);
        if ((path = join_path(mbox, name)) == NULL) {
            rc = oom();
            goto cleanup;
        }
        w.out.len = 0;
        calendar_begin(&w, email, zones[p]);
        for (int32_t i = first[p]; i < first[p + 1]; i++) {
            emit_event(&w, &g->series[list[i]], (int32_t)p);
        }
        calendar_end(&w);
        w.out.oom = w.out.oom || w.line.oom;
        if ((rc = write_file(path, &w.out)) < 0) {
            goto cleanup;
        }
    }
cleanup:
    for (int z = 0; z < Z_COUNT; z++) {
        free(w.vtz[z]);
    }
    free(w.out.p);
    free(w.line.p);
    free(path);
    free(mbox);
    free(first);
    free(list);
    free(zones);
    return rc;
}

/* ------------------------------------------------------------------ */
/* What other formats cannot carry                                      */
/* ------------------------------------------------------------------ */

void lsn_gen_drop_declines(lsn_gen *gen)
{
    for (size_t s = 0; s < gen->nseries; s++) {
        lsn_gen_series *x = &gen->series[s];
        for (size_t i = 0; i < x->attendee_count; i++) {
            if (x->attendees[i].partstat == LSN_GEN_DECLINED) {
                x->attendees[i].partstat = LSN_GEN_NEEDS_ACTION;
            }
        }
    }
}

/* Windows names of the zones, as Exchange and Graph write them. */
static const char *const windows_zone_names[Z_COUNT] = {"Eastern Standard Time",
                                                        "Pacific Standard Time",
                                                        "W. Europe Standard Time",
                                                        "GMT Standard Time",
                                                        "India Standard Time",
                                                        "E. South America Standard Time",
                                                        "UTC"};

static const icaltimezone *gen_zone(int32_t z)
{
    return z == Z_UTC ? icaltimezone_get_utc_timezone()
                      : icaltimezone_get_builtin_timezone(zone_names[z]);
}

/* UTC seconds of a local day and minute (the minute may pass midnight). */
static int64_t gen_utc(int32_t day, int32_t minute, const icaltimezone *zone)
{
    day += minute / 1440;
    minute %= 1440;
    int y, m, d;
    lsn_gen_civil(day, &y, &m, &d);
    struct icaltimetype t = icaltime_null_time();
    t.year = y;
    t.month = m;
    t.day = d;
    t.hour = minute / 60;
    t.minute = minute % 60;
    return (int64_t)icaltime_as_timet_with_zone(t, zone);
}

/* Local day and minute of a UTC instant. */
static void gen_local(int64_t utc, const icaltimezone *zone, int32_t *day, int32_t *minute)
{
    struct icaltimetype t = icaltime_from_timet_with_zone((time_t)utc, 0, (icaltimezone *)zone);
    *day = days_from_civil(t.year, t.month, t.day);
    *minute = t.hour * 60 + t.minute;
}

/* Display names that exactly one roster person has (compared without case):
 * those are written as names, every other party as its address. */
static const lsn_gen *name_sort_gen;

static int cmp_names(const void *a, const void *b)
{
    const char *x = name_sort_gen->people[*(const int32_t *)a].name;
    const char *y = name_sort_gen->people[*(const int32_t *)b].name;
    return strcasecmp(x, y);
}

static bool *unique_names(const lsn_gen *g)
{
    size_t np = g->npeople;
    int32_t *order = malloc((np ? np : 1) * sizeof(*order));
    bool *unique = malloc((np ? np : 1) * sizeof(*unique));
    if (order == NULL || unique == NULL) {
        free(order);
        free(unique);
        return NULL;
    }
    for (size_t i = 0; i < np; i++) {
        order[i] = (int32_t)i;
        unique[i] = g->people[i].name[0] != '\0';
    }
    name_sort_gen = g;
    qsort(order, np, sizeof(*order), cmp_names);
    for (size_t i = 1; i < np; i++) {
        if (strcasecmp(g->people[order[i]].name, g->people[order[i - 1]].name) == 0) {
            unique[order[i]] = unique[order[i - 1]] = false;
        }
    }
    free(order);
    return unique;
}

/* ------------------------------------------------------------------ */
/* Outlook CSV                                                          */
/* ------------------------------------------------------------------ */

/* The regional formats of the mailboxes (by the person's zone). */
enum { LOCALE_US, LOCALE_DE, LOCALE_ISO };

static int locale_of(const lsn_gen_person *p)
{
    return p->zone == Z_BER ? LOCALE_DE : p->zone == Z_LON ? LOCALE_ISO : LOCALE_US;
}

static void outlook_date(char *out, size_t cap, int locale, int32_t day)
{
    int y, m, d;
    lsn_gen_civil(day, &y, &m, &d);
    if (locale == LOCALE_DE) {
        snprintf(out, cap, "%d.%d.%04d", d, m, y);
    } else if (locale == LOCALE_ISO) {
        snprintf(out, cap, "%04d-%02d-%02d", y, m, d);
    } else {
        snprintf(out, cap, "%d/%d/%04d", m, d, y);
    }
}

static void outlook_time(char *out, size_t cap, int locale, int32_t minute)
{
    int h = minute / 60, mi = minute % 60;
    if (locale == LOCALE_DE) {
        snprintf(out, cap, "%02d:%02d:00", h, mi);
    } else if (locale == LOCALE_ISO) {
        snprintf(out, cap, "%02d:%02d", h, mi);
    } else {
        snprintf(out, cap, "%d:%02d:00 %s", h % 12 == 0 ? 12 : h % 12, mi, h < 12 ? "AM" : "PM");
    }
}

/* A quoted CSV field, as Outlook writes every field. */
static void quoted(obuf *b, const char *s, bool last)
{
    ob_put(b, "\"", 1);
    for (; *s != '\0'; s++) {
        ob_put(b, s, 1);
        if (*s == '"') {
            ob_put(b, "\"", 1);
        }
    }
    ob_puts(b, last ? "\"\r\n" : "\",");
}

/* One party as Outlook lists it: a unique roster name, else "Name <addr>"
 * for a named outsider, else the address. */
static void outlook_party(obuf *b, const lsn_gen *g, const bool *unique, int32_t who)
{
    const lsn_gen_party *p = &g->parties[who];
    if ((size_t)who < g->npeople && unique[who]) {
        ob_puts(b, p->name);
    } else if ((size_t)who >= g->npeople && p->name[0] != '\0' && p->cutype == LSN_GEN_INDIVIDUAL) {
        ob_puts(b, p->name);
        ob_puts(b, " <");
        ob_puts(b, p->email);
        ob_puts(b, ">");
    } else {
        ob_puts(b, p->email);
    }
}

/* The `;`-separated attendees of a series with this role (rooms: role -1). */
static void
outlook_list(obuf *field, const lsn_gen *g, const bool *unique, const lsn_gen_series *x, int role)
{
    field->len = 0;
    for (size_t i = 0; i < x->attendee_count; i++) {
        const lsn_gen_attendee *a = &x->attendees[i];
        bool room = g->parties[a->party].cutype == LSN_GEN_ROOM;
        if (room != (role < 0) || (!room && a->role != role)) {
            continue;
        }
        if (field->len > 0) {
            ob_put(field, ";", 1);
        }
        if (room && g->parties[a->party].name[0] != '\0') {
            ob_puts(field, g->parties[a->party].name);
        } else {
            outlook_party(field, g, unique, a->party);
        }
    }
    ob_put(field, "", 1); /* NUL, not counted */
    field->len--;
}

static const char outlook_header[] =
    "\"Subject\",\"Start Date\",\"Start Time\",\"End Date\",\"End Time\",\"All day event\","
    "\"Reminder on/off\",\"Meeting Organizer\",\"Required Attendees\",\"Optional Attendees\","
    "\"Meeting Resources\",\"Categories\",\"Description\",\"Location\",\"Private\","
    "\"Show time as\"\r\n";

/* The rows of one series in one mailbox: one per instance that is not cancelled. */
static int outlook_rows(obuf *out,
                        obuf *tmp,
                        const lsn_gen *g,
                        const bool *unique,
                        size_t s,
                        int locale,
                        const icaltimezone *tz)
{
    const lsn_gen_series *x = &g->series[s];
    lsn_gen_instance inst[800];
    size_t n = lsn_gen_expand(g, s, inst, COUNTOF(inst));
    if (n > COUNTOF(inst)) {
        n = COUNTOF(inst);
    }
    const icaltimezone *zone = gen_zone(x->zone);
    if (zone == NULL) {
        return lsn_error_set(LSN_EINTERNAL,
                             "time zone %s is not available (is the tzdata package installed?)",
                             zone_names[x->zone]);
    }
    obuf req = {0}, opt = {0}, res = {0};
    outlook_list(&req, g, unique, x, LSN_GEN_REQ);
    outlook_list(&opt, g, unique, x, LSN_GEN_OPT);
    outlook_list(&res, g, unique, x, -1);
    bool oom_ = req.oom || opt.oom || res.oom;
    for (size_t i = 0; i < n && !oom_; i++) {
        const lsn_gen_instance *in = &inst[i];
        if (in->cancelled) {
            continue; /* Outlook cannot say "cancelled": the meeting is gone */
        }
        int32_t sd, sm, ed, em;
        if (x->all_day) {
            sd = in->day;
            sm = 0;
            ed = in->day + (in->duration + 1439) / 1440;
            em = 0;
        } else {
            int64_t start = gen_utc(in->day, in->minute, zone);
            gen_local(start, tz, &sd, &sm);
            gen_local(start + (int64_t)in->duration * 60, tz, &ed, &em);
        }
        char date[32], time[32];
        quoted(out, x->summary, false);
        outlook_date(date, sizeof(date), locale, sd);
        outlook_time(time, sizeof(time), locale, sm);
        quoted(out, date, false);
        quoted(out, time, false);
        outlook_date(date, sizeof(date), locale, ed);
        outlook_time(time, sizeof(time), locale, em);
        quoted(out, date, false);
        quoted(out, time, false);
        quoted(out,
               locale == LOCALE_DE ? (x->all_day ? "Ein" : "Aus") : (x->all_day ? "True" : "False"),
               false);
        quoted(out, locale == LOCALE_DE ? "Aus" : "False", false);
        tmp->len = 0;
        outlook_party(tmp, g, unique, x->organizer);
        ob_put(tmp, "", 1);
        quoted(out, tmp->p != NULL ? tmp->p : "", false);
        quoted(out, req.p != NULL ? req.p : "", false);
        quoted(out, opt.p != NULL ? opt.p : "", false);
        quoted(out, res.p != NULL ? res.p : "", false);
        quoted(out, kind_names[x->kind], false);
        quoted(out, x->description, false);
        quoted(out, x->location, false);
        quoted(out, locale == LOCALE_DE ? "Aus" : "False", false);
        quoted(out, x->transparent ? "1" : "2", true);
    }
    free(req.p);
    free(opt.p);
    free(res.p);
    return oom_ ? oom() : LSN_OK;
}

int lsn_gen_write_outlook(const lsn_gen *gen, const char *dir, const char *tz)
{
    const lsn_gen *g = gen;
    int rc = LSN_OK;
    char *folder = NULL, *path = NULL;
    int32_t *first = NULL, *list = NULL;
    unsigned *zones = NULL;
    bool *unique = NULL;
    obuf out = {0}, tmp = {0};
    const icaltimezone *zone = icaltimezone_get_utc_timezone();
    if (tz != NULL && strcmp(tz, "UTC") != 0) {
        zone = icaltimezone_get_builtin_timezone(tz);
        if (zone == NULL) {
            return lsn_error_set(LSN_EINVAL, "unknown time zone '%s'", tz);
        }
    }
    if ((unique = unique_names(g)) == NULL) {
        rc = oom();
        goto cleanup;
    }
    if ((rc = mailboxes(g, &first, &list, &zones)) < 0) {
        goto cleanup;
    }
    if ((folder = join_path(dir, "outlook")) == NULL) {
        rc = oom();
        goto cleanup;
    }
    if ((rc = make_dirs(folder)) < 0 || (rc = clear_files(folder, ".csv")) < 0) {
        goto cleanup;
    }
    for (size_t p = 0; p < g->npeople; p++) {
        const char *email = g->people[p].email;
        char name[300];
        snprintf(name, sizeof(name), "%.*s.csv", (int)strcspn(email, "@"), email);
        free(path);
        if ((path = join_path(folder, name)) == NULL) {
            rc = oom();
            goto cleanup;
        }
        out.len = 0;
        /* Outlook on Windows writes a BOM-less file; half the mailboxes get
         * one anyway, as other exporters do. */
        if (p % 2 == 1) {
            ob_puts(&out, "\xEF\xBB\xBF");
        }
        ob_puts(&out, outlook_header);
        int locale = locale_of(&g->people[p]);
        for (int32_t i = first[p]; i < first[p + 1]; i++) {
            if ((rc = outlook_rows(&out, &tmp, g, unique, (size_t)list[i], locale, zone)) < 0) {
                goto cleanup;
            }
        }
        out.oom = out.oom || tmp.oom;
        if ((rc = write_file(path, &out)) < 0) {
            goto cleanup;
        }
    }
cleanup:
    free(folder);
    free(path);
    free(first);
    free(list);
    free(zones);
    free(unique);
    free(out.p);
    free(tmp.p);
    return rc;
}

/* ------------------------------------------------------------------ */
/* Microsoft Graph JSON                                                 */
/* ------------------------------------------------------------------ */

/* "YYYY-MM-DDTHH:MM:SS.0000000" of a local day and minute. */
static void graph_local(char *out, size_t cap, int32_t day, int32_t minute)
{
    day += minute / 1440;
    minute %= 1440;
    int y, m, d;
    lsn_gen_civil(day, &y, &m, &d);
    snprintf(out, cap, "%04d-%02d-%02dT%02d:%02d:00.0000000", y, m, d, minute / 60, minute % 60);
}

static void graph_date(char *out, size_t cap, int32_t day)
{
    int y, m, d;
    lsn_gen_civil(day, &y, &m, &d);
    snprintf(out, cap, "%04d-%02d-%02d", y, m, d);
}

static void graph_instant(char *out, size_t cap, int64_t utc)
{
    int32_t day = (int32_t)(utc >= 0 ? utc / 86400 : (utc - 86399) / 86400);
    int32_t rest = (int32_t)(utc - (int64_t)day * 86400);
    int y, m, d;
    lsn_gen_civil(day, &y, &m, &d);
    snprintf(out, cap, "%04d-%02d-%02dT%02d:%02d:%02dZ", y, m, d, rest / 3600, rest / 60 % 60,
             rest % 60);
}

/* A mailbox-specific Graph id: distinct per mailbox, as Exchange's are. */
static void graph_id(char *out, size_t cap, const char *mailbox, const char *uid, int32_t day)
{
    uint64_t h = lsn_hash_bytes(mailbox, strlen(mailbox), 0x6772617068ull);
    h = lsn_hash_bytes(uid, strlen(uid), h);
    h = lsn_hash_bytes(&day, sizeof(day), h);
    snprintf(out, cap, "AAMkAG%016llxAAA=", (unsigned long long)h);
}

static const char *const graph_responses[4] = {"none", "accepted", "declined",
                                               "tentativelyAccepted"};
static const char *const graph_days[7] = {"monday", "tuesday",  "wednesday", "thursday",
                                          "friday", "saturday", "sunday"};

static json_t *graph_time(int32_t day, int32_t minute, const char *zone)
{
    char buf[40];
    graph_local(buf, sizeof(buf), day, minute);
    return json_pack("{s:s, s:s}", "dateTime", buf, "timeZone", zone);
}

static json_t *graph_email(const lsn_gen_party *p)
{
    return json_pack("{s:{s:s, s:s}}", "emailAddress", "name", p->name, "address", p->email);
}

/* Attendees as the viewer's mailbox shows them (viewer -1: every reply). */
static json_t *graph_attendees(const lsn_gen *g, const lsn_gen_series *x, int32_t viewer)
{
    json_t *list = json_array();
    bool all = viewer < 0 || viewer == x->organizer;
    for (size_t i = 0; list != NULL && i < x->attendee_count; i++) {
        const lsn_gen_attendee *a = &x->attendees[i];
        const lsn_gen_party *p = &g->parties[a->party];
        if (a->role == LSN_GEN_NON) {
            continue; /* Graph has no non-participants */
        }
        const char *type = p->cutype == LSN_GEN_ROOM ? "resource"
                           : a->role == LSN_GEN_OPT  ? "optional"
                                                     : "required";
        int ps = (all || a->party == viewer) ? a->partstat : LSN_GEN_NEEDS_ACTION;
        json_t *e = json_pack("{s:s, s:{s:s, s:s}, s:{s:s, s:s}}", "type", type, "status",
                              "response", graph_responses[ps], "time", "0001-01-01T00:00:00Z",
                              "emailAddress", "name", p->name, "address", p->email);
        if (e == NULL || json_array_append_new(list, e) != 0) {
            json_decref(list);
            return NULL;
        }
    }
    return list;
}

static json_t *graph_recurrence(const lsn_gen_series *x, const char *zone)
{
    const lsn_gen_rule *r = &x->rule;
    static const char *const types[4] = {"", "daily", "weekly", "relativeMonthly"};
    static const char *const index_names[4] = {"first", "second", "third", "fourth"};
    const char *index = "first";
    if (r->freq == LSN_GEN_MONTHLY) {
        index = r->nth < 0 ? "last" : index_names[(r->nth - 1) & 3];
    }
    json_t *days = json_array();
    for (int d = 0; days != NULL && d < 7; d++) {
        if ((r->freq == LSN_GEN_WEEKLY || r->freq == LSN_GEN_MONTHLY) && (r->byday & (1u << d))) {
            json_array_append_new(days, json_string(graph_days[d]));
        }
    }
    char start[16], end[16];
    graph_date(start, sizeof(start), x->day);
    const char *rtype = "noEnd";
    if (r->until_day != INT32_MAX) {
        rtype = "endDate";
        graph_date(end, sizeof(end), r->until_day);
    } else {
        snprintf(end, sizeof(end), "0001-01-01");
        if (r->count > 0) {
            rtype = "numbered";
        }
    }
    return json_pack("{s:{s:s, s:i, s:i, s:i, s:o, s:s, s:s}, s:{s:s, s:s, s:s, s:s, s:i}}",
                     "pattern", "type", types[r->freq], "interval", (int)r->interval, "month", 0,
                     "dayOfMonth", 0, "daysOfWeek", days, "firstDayOfWeek", "monday", "index",
                     index, "range", "type", rtype, "startDate", start, "endDate", end,
                     "recurrenceTimeZone", zone, "numberOfOccurrences", (int)r->count);
}

/* One Graph event of series x for the viewer: the master or single event
 * (orig < 0), or an occurrence / exception of the instance `in`. */
static json_t *graph_event(const lsn_gen *g,
                           const lsn_gen_series *x,
                           int32_t viewer,
                           const char *stamp,
                           const lsn_gen_instance *in)
{
    const char *mailbox = g->people[viewer].email;
    const char *zone = windows_zone_names[x->zone];
    char id[64], master[64], ical[600], orig[40];
    graph_id(master, sizeof(master), mailbox, x->uid, INT32_MIN);
    bool recurring = x->rule.freq != LSN_GEN_ONCE;
    const char *type = !recurring ? "singleInstance" : in == NULL ? "seriesMaster" : NULL;
    int32_t day = x->day, minute = x->minute, duration = x->duration;
    bool cancelled = x->cancelled;
    if (in != NULL) {
        bool moved = in->day != in->orig_day || in->minute != x->minute ||
                     in->duration != x->duration || (in->cancelled && !x->cancelled);
        type = moved ? "exception" : "occurrence";
        day = in->day;
        minute = in->minute;
        duration = in->duration;
        cancelled = in->cancelled;
        graph_id(id, sizeof(id), mailbox, x->uid, in->orig_day);
        snprintf(ical, sizeof(ical), "%s/%d", x->uid, (int)in->orig_day);
        if (x->all_day) {
            graph_instant(orig, sizeof(orig), (int64_t)in->orig_day * 86400);
        } else {
            graph_instant(orig, sizeof(orig), gen_utc(in->orig_day, x->minute, gen_zone(x->zone)));
        }
    } else {
        snprintf(id, sizeof(id), "%s", master);
        snprintf(ical, sizeof(ical), "%s", x->uid);
    }
    json_t *start, *end;
    if (x->all_day) {
        start = graph_time(day, 0, zone);
        end = graph_time(day + (duration + 1439) / 1440, 0, zone);
    } else {
        start = graph_time(day, minute, zone);
        end = graph_time(day, minute + duration, zone);
    }
    const char *response = viewer == x->organizer ? "organizer" : "none";
    for (size_t i = 0; i < x->attendee_count && viewer != x->organizer; i++) {
        if (x->attendees[i].party == viewer) {
            response = graph_responses[x->attendees[i].partstat];
        }
    }
    json_t *e = json_pack(
        "{s:s, s:s, s:s, s:s?, s:s, s:s, s:b, s:b, s:o, s:o, s:s?, s:{s:s}, s:o, s:o, s:o, "
        "s:{s:s, s:s}, s:s}",
        "id", id, "iCalUId", ical, "type", type, "seriesMasterId", in != NULL ? master : NULL,
        "subject", x->summary, "bodyPreview", x->description, "isAllDay", (int)x->all_day,
        "isCancelled", (int)cancelled, "start", start, "end", end, "originalStart",
        in != NULL ? orig : NULL, "location", "displayName", x->location, "organizer",
        graph_email(&g->parties[x->organizer]), "attendees", graph_attendees(g, x, viewer),
        "recurrence", recurring && in == NULL ? graph_recurrence(x, zone) : json_null(),
        "responseStatus", "response", response, "time", "0001-01-01T00:00:00Z",
        "lastModifiedDateTime", stamp);
    return e;
}

int lsn_gen_write_graph(const lsn_gen *gen, const char *dir)
{
    const lsn_gen *g = gen;
    int rc = LSN_OK;
    char *folder = NULL, *path = NULL;
    int32_t *first = NULL, *list = NULL;
    unsigned *zones = NULL;
    json_t *root = NULL;
    char stamp[40];
    graph_instant(stamp, sizeof(stamp), (int64_t)(g->win_start + g->win_days) * 86400);
    if ((rc = mailboxes(g, &first, &list, &zones)) < 0) {
        goto cleanup;
    }
    if ((folder = join_path(dir, "graph")) == NULL) {
        rc = oom();
        goto cleanup;
    }
    if ((rc = make_dirs(folder)) < 0 || (rc = clear_files(folder, ".json")) < 0) {
        goto cleanup;
    }
    for (size_t p = 0; p < g->npeople; p++) {
        const char *email = g->people[p].email;
        char name[300], context[400];
        snprintf(name, sizeof(name), "%.*s.json", (int)strcspn(email, "@"), email);
        snprintf(context, sizeof(context),
                 "https://graph.microsoft.com/v1.0/$metadata#users('%s')/events", email);
        json_t *value = json_array();
        root = json_pack("{s:s, s:o}", "@odata.context", context, "value", value);
        if (root == NULL) {
            rc = oom();
            goto cleanup;
        }
        for (int32_t i = first[p]; i < first[p + 1]; i++) {
            size_t s = (size_t)list[i];
            const lsn_gen_series *x = &g->series[s];
            if (gen_zone(x->zone) == NULL) {
                rc = lsn_error_set(LSN_EINTERNAL,
                                   "time zone %s is not available (is the tzdata package "
                                   "installed?)",
                                   zone_names[x->zone]);
                goto cleanup;
            }
            json_t *e = graph_event(g, x, (int32_t)p, stamp, NULL);
            if (e == NULL || json_array_append_new(value, e) != 0) {
                rc = oom();
                goto cleanup;
            }
            if (x->rule.freq == LSN_GEN_ONCE || (x->exdate_count == 0 && x->override_count == 0)) {
                continue;
            }
            /* Graph has no EXDATE and no RECURRENCE-ID of its own: a series
             * with holidays or changed instances lists every instance, as
             * /calendarView does; the master is then not expanded. */
            lsn_gen_instance inst[800];
            size_t n = lsn_gen_expand(g, s, inst, COUNTOF(inst));
            if (n > COUNTOF(inst)) {
                n = COUNTOF(inst);
            }
            for (size_t k = 0; k < n; k++) {
                e = graph_event(g, x, (int32_t)p, stamp, &inst[k]);
                if (e == NULL || json_array_append_new(value, e) != 0) {
                    rc = oom();
                    goto cleanup;
                }
            }
        }
        free(path);
        if ((path = join_path(folder, name)) == NULL) {
            rc = oom();
            goto cleanup;
        }
        char *text = json_dumps(root, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
        json_decref(root);
        root = NULL;
        if (text == NULL) {
            rc = oom();
            goto cleanup;
        }
        obuf out = {text, strlen(text), strlen(text), false};
        ob_puts(&out, "\n");
        rc = write_file(path, &out);
        free(out.p);
        if (rc < 0) {
            goto cleanup;
        }
    }
cleanup:
    json_decref(root);
    free(folder);
    free(path);
    free(first);
    free(list);
    free(zones);
    return rc;
}

int lsn_gen_save_as(const lsn_gen *gen, const char *dir, unsigned formats, const char *tz)
{
    if ((formats & LSN_GEN_FORMAT_OUTLOOK) && tz != NULL && strcmp(tz, "UTC") != 0 &&
        icaltimezone_get_builtin_timezone(tz) == NULL) {
        /* Before anything is written. */
        return lsn_error_set(LSN_EINVAL, "unknown time zone '%s'", tz);
    }
    int rc = make_dirs(dir);
    if (rc < 0) {
        return rc;
    }
    if ((rc = lsn_gen_write_roster(gen, dir)) < 0) {
        return rc;
    }
    if ((formats & LSN_GEN_FORMAT_ICS) && (rc = lsn_gen_write_ics(gen, dir)) < 0) {
        return rc;
    }
    if ((formats & LSN_GEN_FORMAT_OUTLOOK) && (rc = lsn_gen_write_outlook(gen, dir, tz)) < 0) {
        return rc;
    }
    if ((formats & LSN_GEN_FORMAT_GRAPH) && (rc = lsn_gen_write_graph(gen, dir)) < 0) {
        return rc;
    }
    return LSN_OK;
}

int lsn_gen_save(const lsn_gen *gen, const char *dir)
{
    int rc = make_dirs(dir);
    if (rc < 0) {
        return rc;
    }
    if ((rc = lsn_gen_write_roster(gen, dir)) < 0) {
        return rc;
    }
    return lsn_gen_write_ics(gen, dir);
}

int lsn_gen_write(const char *dir, const lsn_gen_options *opts)
{
    lsn_gen *g = NULL;
    int rc = lsn_gen_build(&g, opts);
    if (rc == LSN_OK) {
        rc = lsn_gen_save(g, dir);
    }
    lsn_gen_free(g);
    return rc;
}
