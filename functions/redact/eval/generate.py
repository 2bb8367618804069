#!/usr/bin/env python3
"""Generates the labelled redaction evaluation set (dev.jsonl, heldout.jsonl).

Run once and commit the output; never regenerate after tuning (the held-out part must stay the
one fixed before the detectors were written). Each record: {"id", "kind": "chat"|"spoken",
"parties": [names], "text": "... [[TYPE:value]] ..."}; the markup marks every span that must be
redacted, everything else must be left alone. Dev and held-out use DIFFERENT templates and
different random values, so tuning on dev cannot memorise held-out phrasings.
"""
import json
import random
import sys

DIGIT = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"]
FIRST = ["Carol", "Ivan", "Maria", "Ahmed", "Priya", "Tom", "Lucia", "Kenji", "Olga", "Samuel",
         "Grace", "Pedro", "Fatima", "Noah", "Elena", "Marcus"]
LAST = ["Jones", "Petrov", "Garcia", "Khan", "Sharma", "Baker", "Rossi", "Tanaka", "Novak",
        "Okafor", "Lindqvist", "Silva", "Haddad", "Miller", "Brennan", "Duarte"]
STREETS = ["Harbor", "Maple", "Oak", "Cedar", "Sunset", "Washington", "Lake", "Hill", "Elm", "Park"]
STREET_TYPES = ["Street", "Avenue", "Road", "Lane", "Drive", "Boulevard", "Court", "Way"]
DOMAINS = ["example.com", "example.org", "example.net", "mail.example.com"]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December"]
ORDINALS = ["first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth",
            "tenth", "eleventh", "twelfth", "thirteenth", "fourteenth", "fifteenth", "sixteenth",
            "seventeenth", "eighteenth", "nineteenth", "twentieth", "twenty first", "twenty second",
            "twenty third", "twenty fourth", "twenty fifth", "twenty sixth", "twenty seventh",
            "twenty eighth"]
TENS = ["", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]
TEENS = ["ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen",
         "eighteen", "nineteen"]


def luhn_complete(prefix, length, rnd):
    digits = prefix + "".join(str(rnd.randrange(10)) for _ in range(length - len(prefix) - 1))
    for check in range(10):
        candidate = digits + str(check)
        total = 0
        for i, ch in enumerate(reversed(candidate)):
            d = int(ch)
            if i % 2 == 1:
                d *= 2
                if d > 9:
                    d -= 9
            total += d
        if total % 10 == 0:
            return candidate
    raise AssertionError


def card(rnd):
    kind = rnd.choice(["visa", "visa", "mc", "amex", "disc"])
    if kind == "visa":
        return luhn_complete("4", 16, rnd)
    if kind == "mc":
        return luhn_complete(str(rnd.randint(51, 55)), 16, rnd)
    if kind == "amex":
        return luhn_complete(rnd.choice(["34", "37"]), 15, rnd)
    return luhn_complete("6011", 16, rnd)


def card_written(number, rnd):
    sep = rnd.choice([" ", "-", "", " "])
    if len(number) == 15:
        return number[:4] + sep + number[4:10] + sep + number[10:]
    return sep.join(number[i:i + 4] for i in range(0, 16, 4))


def nanp(rnd):
    return str(rnd.randint(2, 9)) + str(rnd.randint(0, 9)) + str(rnd.randint(0, 9)) + "555" \
        + "01" + str(rnd.randint(0, 9)) + str(rnd.randint(0, 9))


def phone_written(rnd):
    n = nanp(rnd)
    style = rnd.randrange(6)
    if style == 0:
        return "+1" + n
    if style == 1:
        return "(%s) %s-%s" % (n[:3], n[3:6], n[6:])
    if style == 2:
        return "%s-%s-%s" % (n[:3], n[3:6], n[6:])
    if style == 3:
        return "%s.%s.%s" % (n[:3], n[3:6], n[6:])
    if style == 4:
        return "+44 20 7946 0%03d" % rnd.randrange(1000)
    return "07700 900%03d" % rnd.randrange(1000)


def spoken_digits(digits, rnd, oh=True, doubles=True):
    words = []
    i = 0
    while i < len(digits):
        d = digits[i]
        if doubles and i + 1 < len(digits) and digits[i + 1] == d and rnd.random() < 0.5:
            words.append("double " + DIGIT[int(d)])
            i += 2
            continue
        if d == "0" and oh and rnd.random() < 0.5:
            words.append("oh")
        else:
            words.append(DIGIT[int(d)])
        i += 1
    return " ".join(words)


def phone_spoken(rnd):
    n = nanp(rnd)
    prefix = rnd.choice(["", "", "one ", "plus one "])
    return prefix + spoken_digits(n, rnd)


def ssn(rnd):
    while True:
        area = rnd.randint(1, 899)
        if area != 666:
            break
    return "%03d%02d%04d" % (area, rnd.randint(1, 99), rnd.randint(1, 9999))


def ssn_written(n, rnd):
    return rnd.choice(["%s-%s-%s", "%s %s %s"]) % (n[:3], n[3:5], n[5:])


def mod97(s):
    return int("".join(str(int(c, 36)) for c in s)) % 97


def iban(rnd):
    country, bban_len = rnd.choice([("DE", 18), ("GB", 18), ("FR", 23), ("NL", 14)])
    if country == "GB":
        bban = "NWBK" + "".join(str(rnd.randrange(10)) for _ in range(14))
    elif country == "NL":
        bban = "ABNA" + "".join(str(rnd.randrange(10)) for _ in range(10))
    else:
        bban = "".join(str(rnd.randrange(10)) for _ in range(bban_len))
    check = 98 - mod97(bban + country + "00")
    code = "%s%02d%s" % (country, check, bban)
    if rnd.random() < 0.6:
        return " ".join(code[i:i + 4] for i in range(0, len(code), 4))
    return code


def email(first, last, rnd):
    local = rnd.choice([first.lower() + "." + last.lower(), first.lower() + last.lower()[:1],
                        first.lower() + str(rnd.randint(1, 99)), last.lower() + "_" + first.lower()])
    return local + "@" + rnd.choice(DOMAINS)


def email_spoken(address):
    local, domain = address.split("@")
    say = lambda part: " dot ".join(part.split(".")).replace("_", " underscore ")
    local = " ".join(spoken_digits(ch, random.Random(0), oh=False, doubles=False) if ch.isdigit()
                     else ch for ch in [local]) if not any(c.isdigit() for c in local) else \
        "".join(c for c in local if not c.isdigit()) + " " + " ".join(
            DIGIT[int(c)] for c in local if c.isdigit())
    return say(local) + " at " + say(domain)


def number_words(n):
    if n < 10:
        return DIGIT[n]
    if n < 20:
        return TEENS[n - 10]
    if n < 100:
        return TENS[n // 10] + ("" if n % 10 == 0 else " " + DIGIT[n % 10])
    if n < 1000:
        rest = n % 100
        return DIGIT[n // 100] + " hundred" + ("" if rest == 0 else " " + number_words(rest))
    raise ValueError(n)


def year_spoken(y):
    if y >= 2000:
        return "two thousand" + ("" if y == 2000 else " and " + number_words(y - 2000))
    return number_words(y // 100) + " " + (number_words(y % 100) if y % 100 >= 10
                                             else "oh " + DIGIT[y % 100])


def dob(rnd, spoken):
    y, m, d = rnd.randint(1940, 2005), rnd.randint(1, 12), rnd.randint(1, 28)
    if spoken:
        if rnd.random() < 0.5:
            return "%s %s %s" % (MONTHS[m - 1].lower(), ORDINALS[d - 1], year_spoken(y))
        return "the %s of %s %s" % (ORDINALS[d - 1], MONTHS[m - 1].lower(), year_spoken(y))
    style = rnd.randrange(4)
    if style == 0:
        return "%02d/%02d/%d" % (m, d, y)
    if style == 1:
        return "%d-%02d-%02d" % (y, m, d)
    if style == 2:
        return "%s %d, %d" % (MONTHS[m - 1], d, y)
    return "%d %s %d" % (d, MONTHS[m - 1], y)


def address(rnd, spoken):
    number = rnd.randint(1, 9999)
    street = rnd.choice(STREETS) + " " + rnd.choice(STREET_TYPES)
    if spoken:
        return (number_words(number) if number < 1000 else spoken_digits(str(number), rnd)) \
            + " " + street.lower()
    return "%d %s" % (number, street)


# Distractors: text that looks like personal data but is not, with no markup.
def distractor(rnd, spoken):
    n = rnd.randrange(9)
    if n == 0:
        order = str(rnd.randint(10000, 99999999))
        return ("my order number is " + spoken_digits(order, rnd)) if spoken else \
            "Order #" + order + " hasn't arrived."
    if n == 1:
        amount = rnd.randint(5, 500)
        return ("it was " + number_words(amount) + " dollars") if spoken else \
            "I was charged $%d.%02d twice." % (amount, rnd.randrange(100))
    if n == 2:
        return ("oh okay i see oh no that's fine") if spoken else "Oh no, that's not what I ordered."
    if n == 3:
        return ("the appointment is on " + MONTHS[rnd.randrange(12)].lower() + " " +
                ORDINALS[rnd.randrange(28)]) if spoken else \
            "Your appointment is on %s %d at %d:%02d." % (MONTHS[rnd.randrange(12)],
                                                           rnd.randint(1, 28), rnd.randint(1, 12),
                                                           rnd.choice([0, 15, 30, 45]))
    if n == 4:
        return ("i have been a customer since two thousand and " + number_words(rnd.randint(1, 20))) \
            if spoken else "I've been with you since %d." % rnd.randint(1995, 2024)
    if n == 5:
        return ("the last four digits are " + spoken_digits(str(rnd.randint(1000, 9999)), rnd)) \
            if spoken else "The card ending %04d was declined." % rnd.randint(0, 9999)
    if n == 6:
        return ("it takes three to five business days") if spoken else \
            "Refunds take 3-5 business days; ticket ref %d." % rnd.randint(100000, 999999)
    if n == 7:
        return ("my colleague steve will call back") if spoken else \
            "Our zip code is %05d and the plan costs $%d per month." % (rnd.randint(10000, 99999),
                                                                        rnd.randint(10, 99))
    return ("we are at the main office on the third floor") if spoken else \
        "Version 2.14.3 of the app crashes on page 42."


DEV_TEMPLATES = {
    "CARD": ["my card number is {v}", "Card: {v}, exp 04/27", "please charge {v} for the renewal",
             "the visa is {v} thanks"],
    "PHONE": ["you can reach me at {v}", "My number is {v}.", "call me back on {v} after five",
              "Phone: {v}"],
    "EMAIL": ["my email is {v}", "Send it to {v} please.", "it's {v}", "Email: {v}"],
    "SSN": ["my social security number is {v}", "SSN {v}", "social is {v}"],
    "IBAN": ["My IBAN is {v}.", "please refund to IBAN {v}"],
    "DOB": ["my date of birth is {v}", "DOB: {v}", "I was born on {v}"],
    "ADDRESS": ["I live at {v}", "Ship it to {v}, apartment 4", "the address is {v}"],
    "NAME": ["hi this is {v} calling", "Thanks {v}, one moment.", "{v} speaking how can i help"],
}
HELDOUT_TEMPLATES = {
    "CARD": ["okay the number on the card is {v} and the code", "Use {v} instead.",
             "it's {v} expiry next year", "charge it to {v}"],
    "PHONE": ["the best number for me is {v}", "text {v} when it ships",
              "I'm on {v} all day", "try {v} or my office"],
    "EMAIL": ["you can write to me at {v}", "Use {v} for the invoice.",
              "the account email should be {v}", "cc {v} on that"],
    "SSN": ["for verification my ssn is {v}", "social security {v}",
            "the last thing is my social which is {v}"],
    "IBAN": ["Bank account (IBAN): {v}", "wire it to {v}"],
    "DOB": ["birthday is {v}", "my date of birth {v} if you need it", "born {v}"],
    "ADDRESS": ["We moved to {v} last month.", "deliver to {v} please", "Our office: {v}"],
    "NAME": ["yes {v} here", "Hello {v}, how are you today?", "I spoke to {v} yesterday"],
}


def value(kind, rnd, spoken, first, last):
    if kind == "CARD":
        n = card(rnd)
        return spoken_digits(n, rnd) if spoken else card_written(n, rnd)
    if kind == "PHONE":
        return phone_spoken(rnd) if spoken else phone_written(rnd)
    if kind == "EMAIL":
        a = email(first, last, rnd)
        return email_spoken(a) if spoken else a
    if kind == "SSN":
        n = ssn(rnd)
        return spoken_digits(n, rnd) if spoken else ssn_written(n, rnd)
    if kind == "IBAN":
        return iban(rnd)
    if kind == "DOB":
        return dob(rnd, spoken)
    if kind == "ADDRESS":
        return address(rnd, spoken)
    if kind == "NAME":
        name = rnd.choice([first, first + " " + last])
        return name.lower() if spoken else name
    raise ValueError(kind)


def records(templates, seed, prefix, count):
    rnd = random.Random(seed)
    kinds = list(templates)
    out = []
    for i in range(count):
        first, last = rnd.choice(FIRST), rnd.choice(LAST)
        spoken = rnd.random() < 0.5
        kind = kinds[i % len(kinds)]
        if spoken and kind == "IBAN":
            spoken = False  # spoken IBANs are not in scope (see README)
        template = rnd.choice(templates[kind])
        text = template.format(v="[[%s:%s]]" % (kind, value(kind, rnd, spoken, first, last)))
        if rnd.random() < 0.5:
            extra = distractor(rnd, spoken)
            text = (extra + (" " if spoken else " ") + text) if rnd.random() < 0.5 else \
                (text + (" " if spoken else " ") + extra)
        if spoken:
            text = text.replace(",", "").replace(".", "") if "[[IBAN" not in text else text
            text = text.lower().replace("[[card:", "[[CARD:").replace("[[phone:", "[[PHONE:") \
                .replace("[[email:", "[[EMAIL:").replace("[[ssn:", "[[SSN:") \
                .replace("[[dob:", "[[DOB:").replace("[[address:", "[[ADDRESS:") \
                .replace("[[name:", "[[NAME:")
        out.append({"id": "%s-%03d" % (prefix, i), "kind": "spoken" if spoken else "chat",
                    "parties": [first + " " + last, "Dana Agent"], "text": text})
    # Pure negatives: nothing to redact.
    for j in range(count // 4):
        spoken = rnd.random() < 0.5
        out.append({"id": "%s-n%02d" % (prefix, j), "kind": "spoken" if spoken else "chat",
                    "parties": [rnd.choice(FIRST) + " " + rnd.choice(LAST), "Dana Agent"],
                    "text": distractor(rnd, spoken) + " " + distractor(rnd, spoken)})
    return out


def main():
    folder = sys.argv[1] if len(sys.argv) > 1 else "."
    for name, templates, seed in [("dev", DEV_TEMPLATES, 7), ("heldout", HELDOUT_TEMPLATES, 1789)]:
        with open(folder + "/" + name + ".jsonl", "w") as f:
            for record in records(templates, seed, name, 200):
                f.write(json.dumps(record) + "\n")


if __name__ == "__main__":
    main()
