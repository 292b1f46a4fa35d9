"""Coverage check against HeidelTime's English DATE (and day-giving TIME) rules.

    PYTHONPATH=. python3 benchmarks/tempeval_coverage.py [--only-diff] [--no-heideltime]

For each rule of HeidelTime's rule files (english/rules/resources_rules_daterules.txt and
timerules.txt inside its jar) a few sentences of the form it covers, written for this check in
modern news style, plus forms modern news uses that HeidelTime has no rule for ("extra").  Each
sentence is one document with the same publication date; both taggers run on it and the
expressions they find are printed side by side (span and calendar value), so that a form
HeidelTime tags and we miss, span differently or value differently shows up.  HeidelTime runs
in one JVM (benchmarks/tempeval.py's batch driver).  No TempEval text is used here.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from collections.abc import Sequence
from pathlib import Path

from timeml import Document, SysTimex

DCT = dt.date(2013, 3, 15)  # a Friday

# (HeidelTime rule, sentence).  A sentence may set the scene in a sentence before the one that
# holds the form (anaphoric forms).
CASES: list[tuple[str, str]] = [
    # -- historic (2-digit years)
    ("date_historic_2c", "The plant closed in March of 98 and never reopened."),
    ("date_historic_2d", "Prices peaked in June of 08, analysts said."),
    # -- r0: timestamps
    ("date_r0a", "The filing, dated 2012-11-29, was released on Thursday."),
    ("date_r0b", "The memo was stamped 10-29-12 by the clerk."),
    ("date_r0c", "The contract signed on 09/26/2012 expires soon."),
    ("date_r0d", "The letter, dated 09/26/12, was leaked to the press."),
    ("date_r0f", "The court record 20121105 lists the hearing."),
    ("date_r0g", "The notice was posted on 1.3.13 in Berlin."),
    ("date_r0h", "The election was held on 24.2.2013 in Rome."),
    # -- r1: month day year
    ("date_r1a", "The company was founded on February 25, 2009, in Ohio."),
    ("date_r1a", "The vote took place Feb. 25, 2009, Monday, after a long debate."),
    ("date_r1a", "He was born on August 4th, 1961, in Honolulu."),
    ("date_r1b", "The treaty was signed on 25 February 2009 in Geneva."),
    ("date_r1b", "The ceremony took place on the 7th November 2012 in Paris."),
    ("date_r1c", "She resigned on the 25th of February 2009."),
    ("date_r1c", "The bridge opened on the fifth of June 2010."),
    ("date_r1d", "The invoice is dated 12-Nov-12 and remains unpaid."),
    # -- r2: month day
    ("date_r2a", "Lawmakers will vote on November 19 on the bill."),
    ("date_r2a", "The shares fell on Nov 19 after the report."),
    ("date_r2a", "The deadline is January 19th for all applicants."),
    ("date_r2a", "Talks resumed on January nineteenth in Geneva."),
    ("date_r2b", "The summit will run November 19-20 in Lisbon."),
    ("date_r2b", "Voting is scheduled for April 3 and 4 in most districts."),
    ("date_r2c", "The rally took place on 19 November in the capital."),
    ("date_r2c", "The team arrived on 19 Nov, a day late."),
    ("date_r2c", "Parliament met on the 19th of November to debate it."),
    ("date_r2c", "The strike began on the ninth of March."),
    ("date_r2d", "The festival runs from 3 to 6 May in Cannes."),
    ("date_r2e", "The fair was held 3 to 6 May 2012 in Hanover."),
    ("date_r2a2", "He took office in 2009. On January 19th of that year he signed the order."),
    ("date_r2c2", "The war began in 1991. On the 19th of January of the same year the bombing started."),
    # -- r3: weekday month day
    ("date_r3a", "The bank said on Friday October 12 that it would cut jobs."),
    ("date_r3a", "The court will rule Monday, Oct 12, lawyers said."),
    ("date_r3b", "The plant closed on Friday October 12 2012 after the fire."),
    ("date_r3b", "The result was announced Monday, October 8th 2012, in Tokyo."),
    # -- r4: day and day, year
    ("date_r4a", "Hearings were held September 14 and 18, 2012, in Washington."),
    # -- r5: date words and weekdays
    ("date_r5a", "The minister resigned yesterday after the report."),
    ("date_r5a", "The results will be published tomorrow, officials said."),
    ("date_r5a", "Markets are closed today for the holiday."),
    ("date_r5a", "The police found the car the day before yesterday."),
    ("date_r5a", "The vote is scheduled for the day after tomorrow."),
    ("date_r5b", "The deal was signed earlier yesterday in Brussels."),
    ("date_r5b", "The shares rose late yesterday in New York trading."),
    ("date_r5b", "The storm is expected to reach the coast early tomorrow."),
    ("date_r5b", "Police arrested two men later today, a spokesman said."),
    ("date_r5c", "The board met on Monday to discuss the merger."),
    ("date_r5c", "The company said Wednesday that profits fell."),
    ("date_r5c", "Officials will meet again Thursday in Vienna."),
    ("date_r5d", "The protesters left the square earlier Monday."),
    ("date_r5d", "The talks broke down late Tuesday, diplomats said."),
    ("date_r5d", "The ship docked early Sunday in Piraeus."),
    # -- r6: weekend (not scored; the value shape is -WE)
    ("date_r61", "Thousands marched in the capital over the weekend."),
    ("date_r61", "The talks collapsed that weekend, aides said."),
    # -- r7: month year
    ("date_r7a", "The factory opened in November 2011 near Leeds."),
    ("date_r7a", "Sales dropped in Nov. 2011 to a record low."),
    ("date_r7a", "The report was issued in February of 2012."),
    ("date_r7b", "The film came out in May of nineteen ninety-nine."),
    ("date_r7c", "The survey was carried out in May and June 2012."),
    ("date_r7c", "Rates stayed flat from April to July 2012."),
    # -- r8: month of a relative year
    ("date_r8a", "The plant will open in November next year."),
    ("date_r8a", "The firm was sold in May last year to a rival."),
    ("date_r8a", "The merger was completed in June of last year."),
    ("date_r8a", "Elections are due in October the next year."),
    ("date_r8b", "He was elected in 2010. In March of that year he visited Kabul."),
    ("date_r8b", "The bank failed in 2008. In May of the same year its chief resigned."),
    # -- r9: seasons
    ("date_r9a", "The ruling is expected in the summer, lawyers said."),
    ("date_r9a", "Construction will begin in early summer."),
    ("date_r9a", "The troops withdrew in late spring, officials said."),
    ("date_r9a", "The project stalled during the winter."),
    ("date_r9b", "The bridge was closed in winter 2011 for repairs."),
    ("date_r9b", "The band split in the winter of 2011."),
    ("date_r9b", "Fighting intensified in the summer of 2012."),
    ("date_r9c", "It was the summer of 69, the singer recalled."),
    ("date_r9d", "The deal was struck in the summer of nineteen ninety-nine."),
    # -- r10, r11: parts of the year
    ("date_r10a", "Profit fell in the third quarter of 2012, the bank said."),
    ("date_r10a", "Output grew in the first half of 2012."),
    ("date_r10b", "Sales rose 4 percent in the second quarter."),
    ("date_r10b", "The company expects growth in the second half."),
    ("date_r10c", "Revenue in the 2012 third quarter beat forecasts."),
    ("date_r11a", "Analysts expect a loss in this year's third quarter."),
    ("date_r11a", "The launch was pushed to next year's first quarter."),
    ("date_r11b", "That compares with a profit in the year-earlier first half."),
    ("date_r11c", "The plant should open in the fourth quarter of this year."),
    ("date_r11c", "Shipments will start in the first quarter of next year."),
    ("date_r11c", "Earnings fell in the second half of last year."),
    # -- r12: years
    ("date_r12a", "The firm was founded in 1998 by two students."),
    ("date_r12a", "Inflation peaked in the year 2008, economists said."),
    ("date_r12b", "He served as mayor in 1998-02 before moving to the Senate."),
    ("date_r12b", "The law applied in 2011 and 12 only."),
    ("date_r12c", "The band formed in nineteen ninety-one in Seattle."),
    ("date_r12d", "The rules changed in two thousand ten."),
    ("date_r12d", "The stadium opened in two-thousand and eight."),
    ("date_r12e", "Fears about the year two thousand proved overblown."),
    # -- r13, r14: decades (not scored; we must not turn them into a year)
    ("date_r13a", "Crime fell sharply in the 1990s in most cities."),
    ("date_r14a", "The program began in the early 1990s."),
    ("date_r14b", "Prices peaked in the mid-90s, dealers said."),
    # -- r16: months and parts
    ("date_r16a", "The elections were held in March amid protests."),
    ("date_r16a", "Parliament will reconvene in September."),
    ("date_r16b", "The plant will close in early 2014."),
    ("date_r16b", "The merger is due to close in mid-2013."),
    ("date_r16b", "Prices started to rise in late 2012."),
    ("date_r16b", "The war ended at the end of 2011."),
    ("date_r16b", "The reforms began at the beginning of 2012."),
    ("date_r16b", "Troops will leave by the middle of 2014."),
    ("date_r16c", "The law took effect at the beginning of November 2012."),
    ("date_r16c", "Fighting broke out in late March 2011 in the east."),
    ("date_r16c", "The firm was listed in mid-March 2012."),
    ("date_r16c", "The funds ran out at the end of March 2012."),
    ("date_r16d", "The vote is expected in the middle of September."),
    ("date_r16d", "The rebels took the town in mid-January."),
    ("date_r16d", "Exports slumped in early January, data showed."),
    ("date_r16d", "The index hit a low in late February."),
    ("date_r16d", "Schools will reopen at the end of April."),
    # -- r17: this / next / last
    ("date_r17a", "The economy grew 2 percent this year, the bank said."),
    ("date_r17a", "The minister will visit China next week."),
    ("date_r17a", "Unemployment rose last month to 8 percent."),
    ("date_r17a", "Sales fell 3 percent in the past year."),
    ("date_r17a", "The firm expects a loss in the current quarter."),
    ("date_r17a", "Profit rose in the latest quarter, the company said."),
    ("date_r17a", "Shares fell 4 percent in the previous week."),
    ("date_r17a", "The budget for this fiscal year was cut."),
    ("date_r17a", "The deficit widened in the last fiscal year."),
    ("date_r17a", "Prices rose in the past month, a survey showed."),
    ("date_r17a", "Shares fell on the next trading day."),
    ("date_r17b", "The company will report results this November."),
    ("date_r17b", "The plant was shut last May after a leak."),
    ("date_r17b", "The next round of talks is due next January."),
    ("date_r17c", "The new law takes effect this November 24."),
    ("date_r17c", "Talks collapsed last March 12 in Vienna."),
    ("date_r17d", "The president will speak this Monday in Ohio."),
    ("date_r17d", "The board will meet next Tuesday."),
    ("date_r17d", "The hostages were freed last Friday."),
    ("date_r17d", "He had met her the previous Friday, police said."),
    ("date_r17d", "The market rallied this past Monday."),
    ("date_r17e", "The company hired 200 workers this summer."),
    ("date_r17e", "The river flooded last winter."),
    ("date_r17e", "The trial will start next spring."),
    ("date_r17e", "Sales were weak during the past summer."),
    ("date_r17g", "The rebels took the city in May 2011. The following month they lost it."),
    ("date_r17g", "He was arrested in 2010 and the following year he was tried."),
    ("date_r17g", "He arrived on June 3, 2012. The following day he left."),
    ("date_r17g", "The deal was signed on March 2. The following week shares rose."),
    ("date_r17h", "He was arrested on June 3, 2012, and released the same day."),
    ("date_r17h", "He was hired in March 2011 and promoted that same month."),
    ("date_r17h", "She won in 2008 and lost the same year."),
    # -- r18: part of this / next / last
    ("date_r18a", "The reforms took effect at the beginning of this year."),
    ("date_r18a", "The plant will close at the end of next month."),
    ("date_r18a", "Talks broke down in the middle of last week."),
    ("date_r18a", "The bank will raise rates early next year."),
    ("date_r18a", "The factory closed late last year."),
    ("date_r18a", "Profits fell earlier this year, the firm said."),
    ("date_r18a", "The report will be published later this month."),
    ("date_r18a", "The minister resigned earlier this week."),
    ("date_r18a", "The shares fell early last week."),
    ("date_r18a", "The vote is expected later this week."),
    ("date_r18a", "Sales fell late last month, the survey said."),
    ("date_r18a", "Exports rose at the start of this month."),
    ("date_r18b", "The plant will reopen at the end of this November."),
    ("date_r18b", "The deal closed early last May."),
    ("date_r18d", "The troops left late last Friday."),
    ("date_r18e", "The project began late last summer."),
    ("date_r18e", "Work will start early next spring."),
    ("date_r18e", "The ban ends at the end of this summer."),
    # -- r19: ago
    ("date_r19b", "The company was founded two years ago by a chemist."),
    ("date_r19b", "The war ended about twenty years ago."),
    ("date_r19c", "The mine closed about 20 years ago."),
    ("date_r19c", "The plane crashed 3 days ago near Lagos."),
    ("date_r19d", "The law was passed a month ago."),
    ("date_r19d", "The strike began a week ago, unions said."),
    ("date_r19d", "He took office a year or so ago."),
    ("date_r19b", "The girl disappeared three weeks ago."),
    ("date_r19b", "The rules were tightened nearly four years ago."),
    ("date_r19b", "The factory opened six months ago, the mayor said."),
    # -- r20, r21, r22: later / earlier
    ("date_r20b", "He was jailed in 2005. Two years later he was freed."),
    ("date_r20c", "The firm was founded in 1990. About 20 years later it was sold."),
    ("date_r20d", "The fire broke out on May 3, 2012. A week later the mill closed."),
    ("date_r20d", "He married in 2001. A year later he left for Kenya."),
    ("date_r21a", "The deal was signed on June 10, 2012. Twenty days earlier talks had stalled."),
    ("date_r21b", "The ship sank on May 20, 2012. About 10 days earlier it was inspected."),
    ("date_r21c", "Profit rose to $5 million in 2012 from $4 million a year earlier."),
    ("date_r21c", "The mine reopened on June 3, 2012. A day earlier the strike ended."),
    ("date_r22b", "The plant opened in 2009. A year later it closed."),
    # -- r23: year-earlier quarters
    ("date_r23a", "Profit fell from the year-earlier third quarter."),
    ("date_r23a", "Sales fell from the year-ago first quarter, the firm said."),
    ("date_r23b", "Net income rose in the third quarter from the year-earlier quarter."),
    ("date_r23c", "Profit rose in the third quarter of 2012. In the quarter sales rose 3 percent."),
    ("date_r23c", "Sales fell in the second quarter of 2012. That quarter the firm cut 300 jobs."),
    # -- r24: fixed holidays
    ("date_r24a", "Shops were busy on New Year's Day."),
    ("date_r24a", "The film opens on Valentine's Day."),
    ("date_r24a", "Fireworks lit the sky on Independence Day."),
    ("date_r24a", "The parade is held on the Fourth of July."),
    ("date_r24a", "The memorial was unveiled on Veterans Day."),
    ("date_r24a", "Children trick-or-treated on Halloween."),
    ("date_r24a", "The family gathered on Christmas Eve."),
    ("date_r24a", "The troops will be home by Christmas."),
    ("date_r24a", "Revellers gathered on New Year's Eve."),
    ("date_r24a", "Workers marched on May Day in Paris."),
    ("date_r24a", "Sales surged on Boxing Day."),
    ("date_r24a", "The city was green on St. Patrick's Day."),
    ("date_r24a", "Candles were lit on All Saints' Day."),
    ("date_r24a", "Pilgrims gathered on Epiphany in Bethlehem."),
    ("date_r24a", "The runners set off on Patriots' Day."),
    ("date_r24a", "Punxsutawney Phil predicted spring on Groundhog Day."),
    ("date_r24b", "The store opened on Christmas 2010."),
    ("date_r24d", "The concert took place on Christmas '87."),
    # -- r25: moving holidays
    ("date_r25a", "The pope spoke on Ash Wednesday."),
    ("date_r25a", "Crowds filled the square on Palm Sunday."),
    ("date_r25a", "The church was attacked on Good Friday."),
    ("date_r25a", "The pope celebrated Mass on Easter Sunday."),
    ("date_r25a", "The talks will resume after Easter."),
    ("date_r25a", "Traffic was heavy on Easter Monday."),
    ("date_r25a", "The festival is held at Pentecost."),
    ("date_r25a", "Stores opened early on Black Friday."),
    ("date_r25a", "The march took place on Martin Luther King Day."),
    ("date_r25a", "Markets are closed on Memorial Day."),
    ("date_r25a", "The campaign began after Labor Day."),
    ("date_r25a", "The parade was held on Columbus Day."),
    ("date_r25a", "Families travelled home for Thanksgiving."),
    ("date_r25a", "Florists were busy before Mother's Day."),
    ("date_r25a", "The gift was a surprise on Father's Day."),
    ("date_r25a", "Shops closed on Presidents Day."),
    ("date_r25b", "The cathedral reopened on Easter 2012."),
    # -- time rules that give a day
    ("time_r1a", "The message was sent at 2012-12-19T17:00:00 from Paris."),
    ("time_r1b", "Posted 2012-12-19 17:00 by the editor."),
    ("time_r1c", "The order was logged at 12/29/2012 20:29 in the system."),
    ("time_r2b", "The quake struck on November 24, 2012 1535 GMT."),
    ("time_r2c", "Date: Wed, 29 Dec 2012 00:28:16 +0000"),
    ("time_r3a", "The deadline expires at midnight Monday."),
    ("time_r3a", "The talks will resume at noon Friday."),
    ("time_r3b", "The blast happened Monday night near the station."),
    ("time_r3b", "The verdict came Friday morning."),
    ("time_r3b2", "The rebels attacked early Friday morning."),
    ("time_r3b2", "The deal was reached late Sunday night."),
    ("time_r3c", "The ceasefire starts at midnight today."),
    ("time_r3c", "The vote will be held at noon tomorrow."),
    ("time_r3d", "The explosion was heard yesterday morning."),
    ("time_r3d", "The pope will speak tomorrow afternoon."),
    ("time_r3d2", "The ship sank late yesterday evening."),
    ("time_r3d2", "The troops will move early tomorrow morning."),
    ("time_r4a", "The minister spoke earlier this afternoon."),
    ("time_r4a", "Police said the man was arrested later last night."),
    ("time_r4a", "Shares fell sharply this morning."),
    ("time_r4a", "Two men were arrested early this morning."),
    ("time_r4a", "The fire broke out last night."),
    ("time_r4b", "The president will address the nation tonight."),
    ("time_r5a", "The shooting took place at about 9 a.m. near the school."),
    ("time_r5c", "The train left at 11:30 a.m. as planned."),
    ("time_r6a", "Voting ends at 9 am Wednesday."),
    ("time_r6d", "The polls close at 9:30 p.m. Wednesday."),
    ("time_r7b", "The quake hit at 0930 GMT on March 12."),
    ("time_r8a", "The attack began on the morning of April 18, 2012."),
    ("time_r8b", "He was last seen on the evening of March 3."),
    ("time_r8d", "The riots began on the night of the 18th of April."),
    # -- extra: frequent in news, no HeidelTime rule (or a different one)
    ("extra", "The merger is expected to close in mid-2013."),
    ("extra", "Sales slowed late last year, the company said."),
    ("extra", "The central bank cut rates earlier this month."),
    ("extra", "He scored 30 goals in the 2012-13 season."),
    ("extra", "The deficit will fall in fiscal 2013, the ministry said."),
    ("extra", "The company lost money in fiscal year 2012."),
    ("extra", "The bill takes effect Jan. 1, officials said."),
    ("extra", "The new rules take effect on 2013-04-01."),
    ("extra", "The fighting intensified this week in the north."),
    ("extra", "Protests continued through the weekend."),
    ("extra", "Output fell in the first half of the year."),
    ("extra", "The rally is set for the week of March 25."),
    ("extra", "The conference runs March 2-4 in Austin."),
    ("extra", "Polls open between March 3 and 5 in most states."),
    ("extra", "The vote was moved to the 1st of May."),
    ("extra", "The trial opens on May 1st in Cairo."),
    ("extra", "The strike began on 3rd May, unions said."),
    ("extra", "The markets closed on Tues., March 5, for the funeral."),
    ("extra", "Monday's vote was postponed."),
    ("extra", "Debt will peak at end-2013, the IMF said."),
    ("extra", "Deposits fell to a low at end-June, the central bank said."),
    ("extra", "The firm expects a year-end 2013 closing."),
    ("extra", "Revenue in H1 2012 rose 5 percent."),
    ("extra", "The firm reported a profit for 2Q 2012."),
    ("extra", "First-quarter 2012 sales rose 4 percent."),
    ("extra", "Sales in Q1 2013 beat estimates."),
    ("extra", "Profit fell in the third quarter of last year."),
    ("extra", "Prices fell earlier in the week, traders said."),
    ("extra", "He was released on June 3, 2012. The next day he flew home."),
    ("extra", "He was arrested on June 3, 2012, and charged the day before his trial."),
    ("extra", "He was arrested on June 3, 2012. The day before, police searched his home."),
    ("extra", "He was arrested on June 3, 2012. That day police also searched his home."),
    ("extra", "The leaders met on June 3, 2012. The next week they met again."),
    ("extra", "Rates are higher than this time last year."),
    ("extra", "Ticket sales dropped last Christmas."),
    ("extra", "The mall will open before next Easter."),
    ("extra", "The stock rose 5 percent overnight."),
    ("extra", "Police said the attack happened on Sunday, March 10."),
    ("extra", "The summit opens Sept. 11 in New York."),
    ("extra", "The bank was bailed out in autumn 2008."),
    ("extra", "The loans are due in fall 2014."),
    ("extra", "He was elected in 2010 and re-elected in 2014."),
    ("extra", "The bond matures in 2020, the Treasury said."),
    ("extra", "The government will hold a census in spring 2014."),
    ("extra", "The tariffs were lifted in the spring."),
    ("extra", "The firm was founded in December 1999, and went public in March 2000."),
    ("extra", "The mine closed in the late 1980s."),
    ("extra", "Prices rose in the final quarter of 2012."),
    ("extra", "The talks ended in the last week of February."),
    ("extra", "The attack came in the first week of January."),
    ("extra", "The war started in the first days of March."),
    ("extra", "The vote was held on March 3 this year."),
    ("extra", "The rule was adopted on March 3 last year."),
    ("extra", "The law passed in October 2012 and took effect on Jan. 1."),
    ("extra", "The offer expires in two weeks, the firm said."),
    ("extra", "The budget will be presented within weeks."),
    ("extra", "Shares jumped 10 percent on the day."),
    ("extra", "The pact, signed on 12 March, took effect."),
    ("extra", "The ruling of 12 March 2013 was appealed."),
    ("extra", "The tournament lasted from June 8 to July 1, 2012."),
    ("extra", "Sales rose in the three months to March."),
    ("extra", "Sales rose in the three months to September 30, the company said."),
    ("extra", "In the year to March, prices rose 3 percent."),
    ("extra", "The dispute dates back to last October."),
    ("extra", "The vote is scheduled for Sunday, March 17."),
    ("extra", "It happened on a Friday in March."),
    ("extra", "A year ago this week, the bank collapsed."),
    ("extra", "The board met in 2012 and again in the spring of 2013."),
    ("extra", "Since 2010, prices have doubled."),
    ("extra", "Between 2009 and 2011, exports fell."),
    ("extra", "The flight landed at 4:45 p.m. local time on Tuesday."),
    ("extra", "The session opened at 10 a.m. Thursday."),
]


def documents() -> list[Document]:
    return [Document(doc_id=f"c{i:03d}", path="", dct=DCT.isoformat(), text=text, timexes=())
            for i, (_, text) in enumerate(CASES)]


def ours(docs: Sequence[Document]) -> dict[str, list[SysTimex]]:
    from timeline.dates import extract

    out: dict[str, list[SysTimex]] = {}
    for d in docs:
        out[d.doc_id] = [
            SysTimex(x.start, x.end, x.text,
                     x.timex if "-Q" in x.timex else (x.value.iso() if x.value else None), x.kind)
            for x in extract(d.text, d.dct_date())
        ]
    return out


def show(xs: Sequence[SysTimex]) -> str:
    return "; ".join(f"{x.text!r}={x.value}" for x in xs) or "—"


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    ap.add_argument("--only-diff", action="store_true", help="only cases where the two differ")
    ap.add_argument("--no-heideltime", action="store_true", help="ours only")
    args = ap.parse_args(argv)
    root = Path(__file__).resolve().parents[1]
    if str(root) not in sys.path:
        sys.path.insert(0, str(root))
    docs = documents()
    mine = ours(docs)
    theirs: dict[str, list[SysTimex]] = {}
    if not args.no_heideltime:
        import tempeval

        res = tempeval.run_heideltime_batch(docs)
        if not res.available:
            print(f"HeidelTime unavailable: {res.reason}", file=sys.stderr)
            return 1
        theirs = res.outputs
    print(f"publication date {DCT.isoformat()} ({DCT.strftime('%A')}); "
          "value as scored (seasons as YYYY-21..24)")
    same = 0
    for (rule, text), d in zip(CASES, docs, strict=True):
        a, b = show(mine[d.doc_id]), show(theirs.get(d.doc_id, []))
        if args.only_diff and a == b:
            same += 1
            continue
        mark = " " if a == b else "*"
        print(f"{mark} [{rule}] {text}\n      ours: {a}\n      HT:   {b}")
    if args.only_diff:
        print(f"{same} of {len(CASES)} cases identical")
    return 0


if __name__ == "__main__":
    sys.exit(main())
