"""What a statement is about: its actors, its action and its other content words.

Merging asks "is this the same happening?", and the answer has to be explainable on the
event page: shared actors (names), a shared action (a call, talks, a strike), agreeing dates.
Actors are capitalised names; actions are content words folded into a small set of news
action classes, so that "spoke with", "a phone call" and "their conversation" agree.
"""

from __future__ import annotations

import itertools
import re

_QUOTED = re.compile(r"“[^”]*(?:”|$)|\"[^\"]*(?:\"|$)|^[^“”\"]*”")
# Words, and names with digits ("A380", "F-16", "G7"): a letter, then letters, digits and
# inner dots, apostrophes and hyphens.
_WORD = re.compile(r"[A-Za-z][A-Za-z0-9.'’-]*[A-Za-z0-9]|[A-Za-z]")

STOPWORDS = frozenset(
    ["a", "about", "above", "after", "again", "against", "all", "almost", "also", "although", "always", "am", "among", "an", "and", "any", "are", "aren't", "around", "as", "at", "be", "because", "been", "before", "being", "below", "between", "both", "but", "by", "can", "could", "did", "do", "does", "doing", "down", "during", "each", "either", "else", "even", "ever", "every", "few", "for", "from", "further", "had", "has", "have", "having", "he", "her", "here", "hers", "herself", "him", "himself", "his", "how", "however", "i", "if", "in", "into", "is", "it", "its", "itself", "just", "least", "less", "let", "like", "made", "make", "many", "may", "me", "might", "more", "most", "much", "must", "my", "myself", "neither", "no", "nor", "not", "now", "of", "off", "often", "on", "once", "only", "or", "other", "our", "ours", "ourselves", "out", "over", "own", "per", "quite", "rather", "said", "same", "say", "says", "she", "should", "since", "so", "some", "still", "such", "than", "that", "the", "their", "theirs", "them", "themselves", "then", "there", "these", "they", "this", "those", "though", "through", "to", "too", "under", "until", "up", "upon", "us", "very", "was", "we", "were", "what", "when", "where", "whether", "which", "while", "who", "whom", "whose", "why", "will", "with", "within", "without", "would", "yet", "you", "your", "yours", "also", "already", "another", "back", "being", "can't", "cannot", "don't", "didn't", "doesn't", "isn't", "wasn't", "weren't", "won't", "according", "told", "tell", "telling", "saying", "added", "adding", "reported", "reportedly", "stated", "statement", "noted", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "first", "second", "third", "new", "year", "years", "month", "months", "week", "weeks", "day", "days", "today", "yesterday", "tomorrow", "time", "times", "ago", "last", "next", "earlier", "later", "recent", "recently", "including", "include", "includes", "included", "mr", "mrs", "ms", "dr", "percent", "per", "cent", "like", "well", "get", "got", "going", "go", "goes", "went", "want", "wants", "wanted", "take", "taken", "takes", "took", "make", "makes", "making", "way", "ways", "part"]
)
# Time zones and clock marks say when, not who or what ("at 16:00 UTC", "6:40 p.m. GMT").
_CLOCK = frozenset(["utc", "gmt", "bst", "cet", "cest", "est", "edt", "pst", "pdt", "a.m", "p.m", "am", "pm"])
# Words that are capitalised but are not actors.
_NOT_ACTORS = _CLOCK | frozenset(
    ["the", "a", "an", "and", "but", "or", "so", "yet", "in", "on", "at", "by", "for", "of", "to", "from", "with", "as", "after", "before", "during", "if", "when", "while", "this", "that", "these", "those", "it", "its", "he", "she", "they", "we", "i", "you", "his", "her", "their", "our", "my", "president", "secretary", "minister", "prime", "chancellor", "vice", "foreign", "defense", "defence", "state", "senator", "sen", "rep", "gov", "governor", "mr", "mrs", "ms", "dr", "general", "gen", "official", "officials", "leader", "leaders", "spokesman", "spokeswoman", "spokesperson", "chief", "head", "ambassador", "former", "king", "queen", "prince", "princess", "pope", "judge", "justice", "mayor", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december", "photo", "according", "however", "meanwhile", "still", "also", "then", "there", "here", "earlier", "later", "previously", "last", "next", "on"]
)
# Words that never start a name's initials (dates, clock marks).
_NOT_NAME_WORDS = _CLOCK | frozenset(
    ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "january",
     "february", "march", "april", "may", "june", "july", "august", "september", "october",
     "november", "december"]
)
_ALIASES = {
    "u.s": "us", "u.s.": "us", "us": "us", "usa": "us", "america": "us", "american": "us",
    "americans": "us", "united": "us", "states": "us", "washington": "us",
    "u.k": "uk", "u.k.": "uk", "uk": "uk", "britain": "uk", "british": "uk",
    "russian": "russia", "russians": "russia", "moscow": "russia", "kremlin": "russia",
    "ukrainian": "ukraine", "ukrainians": "ukraine", "kyiv": "ukraine", "kiev": "ukraine",
    "chinese": "china", "beijing": "china", "israeli": "israel", "israelis": "israel",
    "iranian": "iran", "iranians": "iran", "tehran": "iran", "european": "europe",
    "europeans": "europe", "eu": "europe", "nato": "nato",
    "french": "france", "paris": "france", "german": "germany", "germans": "germany",
    "berlin": "germany", "japanese": "japan", "tokyo": "japan", "indian": "india",
    "delhi": "india", "turkish": "turkey", "ankara": "turkey", "syrian": "syria",
    "syrians": "syria", "damascus": "syria", "iraqi": "iraq", "iraqis": "iraq",
    "baghdad": "iraq", "canadian": "canada", "ottawa": "canada", "mexican": "mexico",
    "brazilian": "brazil", "italian": "italy", "rome": "italy", "spanish": "spain",
    "madrid": "spain", "polish": "poland", "warsaw": "poland", "egyptian": "egypt",
    "cairo": "egypt", "pakistani": "pakistan", "islamabad": "pakistan",
    "palestinian": "palestinians", "afghan": "afghanistan", "kabul": "afghanistan",
}
# Action classes: a happening's kind, whatever the wording.
_ACTIONS = {
    "speak": ["call", "spoke", "speak", "speaks", "speaking", "talked", "phone", "phoned", "conversation", "conversations", "calls", "called", "call"],
    "negotiate": ["talks", "negotiation", "negotiations", "negotiate", "negotiated", "negotiating", "round", "rounds", "mediation"],
    "meet": ["met", "meet", "meets", "meeting", "meetings", "summit", "summits", "visit", "visited", "visits", "trip"],
    "sanction": ["sanction", "sanctions", "sanctioned", "tariff", "tariffs", "embargo", "restrictions"],
    "attack": ["attack", "attacks", "attacked", "strike", "strikes", "struck", "launched", "missile", "missiles", "drone", "drones", "bombed", "bombing", "shelling", "offensive", "killed", "invasion", "invaded", "raid", "raids"],
    "agree": ["agree", "agreed", "agreement", "deal", "accord", "signed", "sign", "treaty", "pact"],
    "interview": ["interview", "interviews", "interviewed"],
    "announce": ["announce", "announced", "announcement", "unveiled", "declared", "unveils", "announces"],
    "exchange": ["exchange", "exchanges", "swap", "swapped", "prisoners", "prisoner"],
    "post": ["post", "posted", "wrote", "tweet", "tweeted"],
    "vote": ["vote", "voted", "votes", "election", "elected", "ballot", "referendum"],
    "resign": ["resign", "resigned", "resignation", "quit", "fired", "dismissed"],
    "ceasefire": ["ceasefire", "truce", "armistice"],
    "deliver": ["delivered", "delivery", "deliveries", "shipped"],
    "order": ["order", "ordered", "orders", "purchase", "purchased", "buy", "bought"],
    "travel": ["flight", "flights", "flew", "flown", "fly", "flies", "flying", "maiden", "landed", "landing", "arrived", "arrival", "arrives", "travel", "travelled", "traveled", "travelling", "traveling", "departed", "departure"],
    "die": ["died", "dead", "death", "deaths", "killed"],
}
_ACTION_OF = {w: cls for cls, words in _ACTIONS.items() for w in words}


def _actor(low: str) -> str:
    """One key per actor: aliases ("Kremlin" -> russia) and transliteration variants
    ("Zelenskyy", "Zelenskiy" -> zelensky; "Dmitriy" -> dmitry)."""
    if low in _ALIASES:
        return _ALIASES[low]
    return re.sub(r"(?:iy|yy)$", "y", low)


def _stem(word: str) -> str:
    w = word.lower().strip(".'’-")
    for suffix in ("ations", "ation", "ings", "ing", "ied", "ies", "ed", "es", "s"):
        if w.endswith(suffix) and len(w) - len(suffix) >= 4:
            return w[: -len(suffix)] + ("y" if suffix in ("ies", "ied") else "")
    return w


_INTRO_CLAUSE = re.compile(
    r"^(?:(?:[A-Z][a-z]+ing|[A-Z][a-z]+ed|At|In|On|During|After|Before|When|While|As|Since|"
    r"Following|Despite|Amid|With|According|For|From|Under|Unless|If|Although|Though|But|And|"
    r"However|Meanwhile|Still|Yet|Previously|Earlier|Later)\b[^,]{0,160},\s*)+"
)


def _main_clause(text: str) -> str:
    """The text from the main clause's subject on: intro clauses and describing countries
    left out."""
    m = _INTRO_CLAUSE.match(text)
    rest = text[m.end() :] if m else text
    # "The US car maker General Motors said", "Russia's President Putin": a country before a
    # name describes it; the name is the subject.
    described = _DESCRIBED.match(rest)
    if described and _describes(described.group(1).split(), described.group(2).split()):
        rest = rest[described.end() :]
    return rest


def subject(text: str) -> str:
    """The first actor of the main clause: who the statement is about ("Rubio said ...")."""
    actors = _ordered_actors(_main_clause(text))
    return actors[0] if actors else ""


def subject_names(text: str) -> tuple[str, ...]:
    """The subject and, when it opens a name of several words, that name's initials
    ("General Motors said" -> motors, gm): what a later "the company" refers to."""
    rest = _main_clause(text)
    actors = _ordered_actors(rest)
    if not actors:
        return ()
    for run in _runs(rest):
        if any(_actor(w.rstrip(".").removesuffix("'s").removesuffix("’s")) == actors[0] for w in run):
            short = "".join(w[0] for w in run)
            return (actors[0], short) if len(run) >= 2 and len(short) <= 5 else (actors[0],)
    return (actors[0],)


_DESCRIBED = re.compile(r"(?:[Tt]he\s+)?([A-Z][\w.'’]*(?:\s+[A-Z][\w.'’]*)*)((?:\s+[a-z][\w-]*){0,4})\s+(?=[A-Z])")
_COUNTRIES = frozenset(_ALIASES.values())


def _describes(names: list[str], between: list[str]) -> bool:
    """Whether country names followed by nouns ("US car maker") describe the name after them:
    no verb ("-ed", "-s"), preposition or conjunction between."""
    def country(w: str) -> bool:
        return _actor(w.lower().removesuffix("'s").removesuffix("’s")) in _COUNTRIES

    return all(map(country, names)) and not any(
        w in STOPWORDS or (w.endswith(("ed", "s")) and not w.endswith("ss")) for w in between)


# A main clause that opens with a pronoun or with a description of an actor without its
# name ("The airline, which ...", "The company's move", "It said") is about the actor named
# before it.  Descriptions of things ("The talks", "Those commitments") are not.
_ACTOR_NOUNS = (
    "company|firm|group|airline|carrier|automaker|carmaker|maker|manufacturer|producer|"
    "supplier|bank|lender|insurer|retailer|corporation|conglomerate|business|government|"
    "administration|ministry|agency|authority|authorities|regulator|court|council|parliament|"
    "committee|party|union|team|club|country|nation|city|army|military|police|president|"
    "minister|official|spokesman|spokeswoman|leader|executive|chairman|ceo|organisation|"
    "organization|operator|owner|buyer|seller|bidder|rival|club|side|band|singer|player"
)
_REFERS_BACK = re.compile(
    r"(?:(?i:the|this|that|its|their|his|her)(?:\s+[a-z][\w-]*){0,3}?\s+"
    rf"(?:{_ACTOR_NOUNS})s?|(?i:it|they|he|she))(?![\w-])"
)


def refers_back(text: str) -> str:
    """The words by which a statement's main clause refers to an actor named before it
    ("The airline", "The company"), or "" when it names its subject (or has none)."""
    m = _INTRO_CLAUSE.match(text)
    rest = text[m.end() :] if m else text
    found = _REFERS_BACK.match(rest)
    return found.group().strip() if found else ""


def _runs(text: str) -> list[list[str]]:
    """Runs of capitalised words (names), lower-cased, in reading order."""
    out = []
    run: list[str] = []
    for m in re.finditer(r"[A-Za-z][A-Za-z0-9'’&.-]*|[^A-Za-z\s]", text + " ."):
        w = m.group()
        low = w.lower()
        if w[:1].isupper() and low not in STOPWORDS and low not in _NOT_NAME_WORDS:
            run.append(low)
            continue
        if w == "&" and run:
            continue
        if run:
            out.append(run)
        run = []
    return out


def _initials(text: str) -> set[str]:
    """Acronyms of multi-word names: "General Motors" -> gm, "Dow Jones Industrial Average"
    -> djia, so that a name and its short form ("GM") are one actor."""
    return {x for x in ("".join(w[0] for w in run) for run in _runs(text) if len(run) >= 2)
            if len(x) <= 5}


def _ordered_actors(text: str) -> list[str]:
    out = []
    for i, m in enumerate(_WORD.finditer(text)):
        raw = m.group().replace("’", "'").removesuffix("'s")
        low = raw.lower().rstrip(".")
        if i == 0 and (low in STOPWORDS or low.endswith(("ing", "ed", "ly"))):
            continue
        if raw[:1].isupper() and low not in _NOT_ACTORS and len(low) > 1:
            out.append(_actor(low))
    return out


def features(text: str, exclude: tuple[int, int] | None = None) -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
    """(actors, actions, keywords) of a sentence, each sorted and without repeats."""
    actors: set[str] = set()
    actions: set[str] = set()
    keywords: set[str] = set()
    # What a statement quotes is what was said, not what happened: leave quotations out,
    # unless the statement is nothing but a quotation.
    quoted = [(q.start(), q.end()) for q in _QUOTED.finditer(text)]
    if sum(e - s for s, e in quoted) > 0.8 * len(text):
        quoted = []
    for i, m in enumerate(_WORD.finditer(text)):
        if exclude and exclude[0] <= m.start() < exclude[1]:
            continue
        if any(s <= m.start() < e for s, e in quoted):
            continue
        raw = m.group().replace("’", "'")
        if raw.endswith("'s"):
            raw = raw[:-2]
        low = raw.lower().rstrip(".")
        # A capital inside the sentence makes a word part of a name ("Delivery Center",
        # "Joint Strike Fighter"), not an action.
        if low in _ACTION_OF and (i == 0 or not raw[:1].isupper()):
            actions.add(_ACTION_OF[low])
        initial_word = i == 0 and (low in STOPWORDS or low.endswith(("ing", "ed", "ly")))
        if raw[:1].isupper() and low not in _NOT_ACTORS and not initial_word:
            if len(low) > 1:
                actors.add(_actor(low))
            continue
        if low in STOPWORDS or low in _CLOCK or len(low) < 3:
            continue
        if low in _ALIASES:
            actors.add(_ALIASES[low])
            continue
        keywords.add(_stem(low))
    actors |= _initials(text)
    return tuple(sorted(actors)), tuple(sorted(actions)), tuple(sorted(keywords))


# Past forms that no suffix rule finds: "fell" is "fall", "rose" is "rise".
_IRREGULAR = {
    "fell": "fall", "fallen": "fall", "rose": "rise", "risen": "rise", "sold": "sell",
    "lost": "lose", "won": "win", "bought": "buy", "paid": "pay", "spent": "spend",
    "grew": "grow", "grown": "grow", "sank": "sink", "sunk": "sink", "shrank": "shrink",
    "struck": "strike", "hit": "hit", "cut": "cut", "left": "leave", "held": "hold",
    "began": "begin", "begun": "begin", "broke": "break", "broken": "break",
}


def content_words(text: str, date_text: str = "") -> list[tuple[str, int, int]]:
    """The statement's lower-case content words outside quotations and outside its date
    phrase (`date_text`), stemmed ("falls", "fell" -> fall), with their places: the words an
    action and a topic are told by.  Names (capitalised inside the sentence) are left out:
    they are actors."""
    quoted = [(q.start(), q.end()) for q in _QUOTED.finditer(text)]
    at = text.find(date_text) if date_text else -1
    if at >= 0:
        quoted.append((at, at + len(date_text)))
    out = []
    for i, m in enumerate(_WORD.finditer(text)):
        raw = m.group()
        low = raw.lower().replace("’", "'").removesuffix("'s").rstrip(".")
        if (raw[:1].isupper() and i > 0) or any(s <= m.start() < e for s, e in quoted):
            continue
        if low in STOPWORDS or low in _CLOCK or len(low) < 3 or low in _ALIASES:
            continue
        out.append((_IRREGULAR.get(low) or _stem(low), m.start(), m.end()))
    return out


def topic_phrases(text: str, date_text: str = "") -> dict[tuple[str, str], str]:
    """Two content words side by side ("stock markets", "the stock market"), by their stems,
    with the words as written: what a statement is about, more telling than either word."""
    words = content_words(text, date_text)
    return {(a[0], b[0]): text[a[1] : b[2]] for a, b in itertools.pairwise(words)
            if text[a[2] : b[1]].isspace() and a[0] != b[0]}


# A noun naming an action has a determiner before it, maybe with adjectives ("the recent
# falls"), and its topic after a preposition ("in the stock market", "of oil prices").
_DETERMINED = re.compile(r"(?i:\b(?:the|a|an|its|their|his|her|this|these|those))\s+(?:[a-z][\w-]*\s+){0,2}$")
_NAMING = re.compile(r"\s+(?:in|of|on|for|at)\s+(?:(?:the|a|an|its|their|his|her)\s+)?")


def named_happenings(text: str, date_text: str = "") -> dict[tuple[str, tuple[str, str]], str]:
    """Actions named by a noun with their topic after it ("commented on the recent falls in the
    stock market"): (action stem, topic) -> the words as written ("falls in the stock market").
    Such a phrase refers to a happening that another statement may report as a clause
    ("Stock markets continued to fall")."""
    words = content_words(text, date_text)
    out: dict[tuple[str, tuple[str, str]], str] = {}
    for i, (action, start, end) in enumerate(words[:-2]):
        if not _NAMING.fullmatch(text, end, words[i + 1][1]) or not _DETERMINED.search(text[max(0, start - 40) : start]):
            continue
        run = [words[i + 1]]  # the topic: the words side by side after the preposition
        for w in words[i + 2 : i + 5]:
            if not text[run[-1][2] : w[1]].isspace():
                break
            run.append(w)
        for a, b in itertools.pairwise(run):
            if action not in (a[0], b[0]):
                out.setdefault((action, (a[0], b[0])), text[words[i][1] : b[2]])
    return out
