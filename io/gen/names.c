/*
 * io/gen/names.c — the names the generator draws from: people's first and
 * last names, the zones and their cities, the meeting kinds (UID prefixes), and
 * the ASCII spelling of a name for an email address. Tables and spelling only:
 * it picks nothing at random and adds nobody.
 */
#include "io/gen/internal.h"

#include <string.h>

const char *const gen_zone_names[Z_COUNT] = {"America/New_York",
                                             "America/Los_Angeles",
                                             "Europe/Berlin",
                                             "Europe/London",
                                             "Asia/Kolkata",
                                             "America/Sao_Paulo",
                                             "UTC"};

const char *const gen_zone_cities[Z_COUNT] = {"New York",  "San Francisco", "Berlin", "London",
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

const char *const gen_kind_names[LSN_GEN_KIND_COUNT] = {
    "standup", "planning", "retro",     "demo",     "one-on-one", "staff",
    "sync",    "decision", "all-hands", "customer", "interview",  "incident",
    "coffee",  "social",   "war-room",  "offsite",  "focus",      "ooo"};

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

static void spell(gen_name *out)
{
    ascii_part(out->first_ascii, sizeof(out->first_ascii), out->first);
    ascii_part(out->last_ascii, sizeof(out->last_ascii), out->last);
}

void gen_name_random(gen_name *out, rng *r)
{
    out->first = first_names[rng_below(r, COUNTOF(first_names))];
    out->last = last_names[rng_below(r, COUNTOF(last_names))];
    spell(out);
}

void gen_name_nth(gen_name *out, int k)
{
    out->first = first_names[(k * 7 + 3) % (int)COUNTOF(first_names)];
    out->last = last_names[(k * 13 + 5) % (int)COUNTOF(last_names)];
    spell(out);
}

const char *lsn_gen_zone_name(int32_t zone)
{
    return zone >= 0 && zone < Z_COUNT ? gen_zone_names[zone] : "UTC";
}

int32_t lsn_gen_zone_count(void)
{
    return Z_COUNT;
}
