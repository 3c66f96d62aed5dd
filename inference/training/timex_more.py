"""Time expressions of CONVENTIONS rules 13-19 for the synthetic data (generate.py): more offsets,
English hour phrases, abbreviated and bare weekday/month names, ordinal day forms, nights,
weekends and meals, recurrences with INTERVAL/ordinal weekdays, and their ends (COUNT, UNTIL).
Each function takes a random.Random and returns the text of one expression, tagged TIME as a
whole by the caller. The "before an anchor" construction of rule 14 (a text sits between the
duration and the anchor) is in before.py."""

from timex import (EN_CARD, EN_MONTHS, EN_WEEKDAYS, RU_CARD, RU_CARD_F, RU_MONTH_GEN, RU_WEEKDAYS, en_clock,
                   ord_en, pick, ru_clock, ru_plural)

RU_WD_ABBR = ['пн', 'вт', 'ср', 'чт', 'пт', 'сб', 'вс']
RU_WD_NOM = ['понедельник', 'вторник', 'среда', 'четверг', 'пятница', 'суббота', 'воскресенье']
RU_WD_GEN = ['понедельника', 'вторника', 'среды', 'четверга', 'пятницы', 'субботы', 'воскресенья']
RU_MON_ABBR = ['янв', 'фев', 'мар', 'апр', 'мая', 'июн', 'июл', 'авг', 'сен', 'окт', 'ноя', 'дек']
EN_WD_ABBR = [['mon'], ['tue', 'tues'], ['wed'], ['thu', 'thur', 'thurs'], ['fri'], ['sat'], ['sun']]
EN_MON_ABBR = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec']
# ordinal weekdays of a month: (masculine/neuter, feminine) "в первый понедельник", "в первую среду"
RU_NTH = [('первый', 'первую'), ('второй', 'вторую'), ('третий', 'третью'), ('четвертый', 'четвертую'),
          ('последний', 'последнюю')]
EN_NTH = ['first', 'second', 'third', 'fourth', 'last']
FEM = {2, 4, 5}  # среда, пятница, суббота


def _dot(rng, w):
    return w + '.' if rng.random() < 0.35 else w


def _case(rng, w):
    return pick(rng, [w, w.capitalize(), w.upper()], [6, 3, 1])


# ---------------------------------------------------------------------------------------------
# Russian

def ru_offset_more(rng):
    """Rule 13: "через пару часов", "спустя 2 часа", "через четверть часа", "через две недели"."""
    k = rng.random()
    if k < 0.25:
        return f'через пару {pick(rng, ["часов", "минут", "дней", "недель", "месяцев"], [4, 3, 3, 1, 1])}'
    if k < 0.45:
        n = pick(rng, [2, 3, 4, 5, 10, 15, 20, 30])
        unit = pick(rng, ['h', 'm', 'd'])
        body = (f'{n} {ru_plural(n, "час", "часа", "часов")}' if unit == 'h' else
                f'{n} {ru_plural(n, "минуту", "минуты", "минут")}' if unit == 'm' else
                f'{n} {ru_plural(n, "день", "дня", "дней")}')
        if rng.random() < 0.3 and n <= 4:
            body = body.replace(str(n), RU_CARD_F[n] if unit == 'm' else RU_CARD[n], 1)
        return pick(rng, [f'спустя {body}', f'{body} спустя'], [3, 1])
    if k < 0.6:
        return pick(rng, ['через четверть часа', 'через три четверти часа', 'через четверть часика'], [5, 3, 1])
    if k < 0.8:
        return pick(rng, ['через две недели', 'через 2 недели', 'через три недели', 'через полторы недели',
                          'через полтора месяца', 'через полтора дня', 'через 10 дней', 'через пару недель'])
    return 'через несколько ' + pick(rng, ['минут', 'часов', 'дней'], [4, 2, 1])


def ru_named_day(rng):
    """Rule 16: "пт", "в сб", "суббота", "3 мар.", "3-го окт", "3-его марта"."""
    k = rng.random()
    i = rng.randrange(7)
    if k < 0.3:
        return pick(rng, ['', 'во ' if i == 1 else 'в '], [3, 3]) + _dot(rng, _case(rng, RU_WD_ABBR[i]))
    if k < 0.5:
        return _case(rng, RU_WD_NOM[i])
    d, m = rng.randint(1, 28), rng.randrange(12)
    if k < 0.75:
        return f'{d} {_dot(rng, RU_MON_ABBR[m])}'
    suffix = pick(rng, ['го', 'его', 'е', 'ое'], [5, 3, 0, 0])
    mon = RU_MONTH_GEN[m] if rng.random() < 0.6 else _dot(rng, RU_MON_ABBR[m])
    return f'{d}-{suffix} {mon}'


def ru_night_meal(rng):
    """Rule 17: nights, weekends, meals."""
    k = rng.random()
    if k < 0.3:
        i = rng.randrange(7)
        prep = 'со' if i in (1, 2) and rng.random() < 0.7 else 'с'
        return f'в ночь {prep} {RU_WD_GEN[i]} на {RU_WEEKDAYS[(i + 1) % 7][4]}'
    if k < 0.5:
        s = pick(rng, ['на выходных', 'на этих выходных', 'в эти выходные', 'на ближайших выходных'], [6, 2, 2, 1])
        return s + (' ' + ru_clock(rng, allow_parts=False) if rng.random() < 0.35 else '')
    meal = pick(rng, ['в обед', 'к обеду', 'после обеда', 'к вечеру', 'к утру', 'в обеденный перерыв'], [4, 3, 2, 3, 2, 0])
    if rng.random() < 0.4:
        day = pick(rng, ['завтра', 'сегодня', 'послезавтра', RU_WEEKDAYS[rng.randrange(7)][0]])
        return f'{day} {meal}' if rng.random() < 0.8 else f'{meal} {day}'
    return meal


def ru_recurrence_more(rng):
    """Rule 18: intervals of weeks, half hours, ordinal weekdays of the month."""
    k = rng.random()
    i = rng.randrange(7)
    if k < 0.3:
        n = pick(rng, [2, 2, 3])
        s = pick(rng, [f'каждые {pick(rng, [n, RU_CARD_F[n]])} недели {RU_WEEKDAYS[i][0]}',
                       f'раз в {pick(rng, [n, RU_CARD_F[n]])} недели по {RU_WEEKDAYS[i][3]}',
                       f'раз в две недели {RU_WEEKDAYS[i][0]}'], [4, 3, 1])
    elif k < 0.4:
        return pick(rng, ['каждые полчаса', 'каждые 30 минут', 'раз в полчаса', 'каждые пол часа'], [4, 2, 1, 0])
    else:
        nth = rng.choice(RU_NTH)
        form = nth[1] if i in FEM else nth[0]
        wd = RU_WEEKDAYS[i][4]
        s = pick(rng, [f'в {form} {wd} месяца', f'каждый {form} {wd} месяца' if i not in FEM else
                       f'каждую {form} {wd} месяца', f'в {form} {wd} каждого месяца'], [5, 3, 2])
    if rng.random() < 0.55:
        c = ru_clock(rng, allow_parts=False)
        return f'{s} {c}' if rng.random() < 0.8 else f'{c} {s}'
    return s


def ru_recurrence_end(rng):
    """Rule 19: COUNT ("5 раз", "в течение недели") and UNTIL ("до 20 декабря")."""
    base = pick(rng, ['каждый день', 'ежедневно', 'каждое утро', 'каждый вечер', 'по будням',
                      f'каждые {pick(rng, [2, 3, 4, 6, 8])} часа', f'каждые {pick(rng, [10, 15, 20, 30])} минут',
                      'каждый ' + pick(rng, ['понедельник', 'вторник', 'четверг'])], [5, 2, 2, 2, 2, 2, 2, 2])
    clock = ru_clock(rng, allow_parts=False) if rng.random() < 0.5 and 'каждые' not in base else ''
    k = rng.random()
    if k < 0.35:
        n = rng.randint(2, 30)
        d = pick(rng, [f'{n} {RU_MONTH_GEN[rng.randrange(12)]}', f'{n:02d}.{rng.randint(1, 12):02d}',
                       f'{n} {_dot(rng, RU_MON_ABBR[rng.randrange(12)])}'], [6, 2, 1])
        end = f'до {d}'
    elif k < 0.65:
        n = pick(rng, [2, 3, 4, 5, 10])
        end = pick(rng, ['в течение недели', f'в течение {n} {ru_plural(n, "недели", "недель", "недель")}',
                         f'в течение {n} {ru_plural(n, "дня", "дней", "дней")}'], [4, 3, 2])
    else:
        n = pick(rng, [2, 3, 4, 5, 6, 7, 10])
        end = f'{pick(rng, [n, n, RU_CARD[n]])} {ru_plural(n, "раз", "раза", "раз")}'
    parts = [base, clock, end] if rng.random() < 0.6 else [base, end, clock] if rng.random() < 0.6 else [end, base, clock]
    return ' '.join(p for p in parts if p)


def ru_day_part_clock(rng):
    """A day, a part of it and a clock: "в пятницу вечером в 8", "завтра утром в 7:30"."""
    day = pick(rng, ['завтра', 'сегодня', 'послезавтра', RU_WEEKDAYS[rng.randrange(7)][0]])
    part, hours = rng.choice([('утром', range(5, 12)), ('днем', range(1, 6)), ('вечером', range(5, 12)),
                              ('ночью', range(1, 5))])
    h = rng.choice(list(hours))
    return f'{day} {part} {pick(rng, ["в ", "к "], [5, 1])}{h}{pick(rng, ["", ":30", ":15"], [4, 1, 1])}'


def ru_more(rng):
    k = rng.random()
    if rng.random() < 0.08:
        return ru_day_part_clock(rng)
    if k < 0.2:
        s = ru_offset_more(rng)
    elif k < 0.42:
        s = ru_named_day(rng)
        if rng.random() < 0.7:
            c = ru_clock(rng, allow_parts=rng.random() < 0.3)
            if rng.random() < 0.25 and c.startswith('в ') and ':' in c:
                c = c[2:]  # "пт 18:00", "суббота 12:00"
            s = f'{s} {c}' if rng.random() < 0.85 else f'{c} {s}'
    elif k < 0.62:
        s = ru_night_meal(rng)
    elif k < 0.82:
        s = ru_recurrence_more(rng)
    else:
        s = ru_recurrence_end(rng)
    return s


# ---------------------------------------------------------------------------------------------
# English

def en_offset_more(rng):
    """Rule 13: "in a couple of hours", "2 hours from now", "a week from today", "3 days hence"."""
    k = rng.random()
    n = pick(rng, [2, 3, 4, 5, 10, 15, 20, 30])
    unit = pick(rng, ['hours', 'minutes', 'days', 'weeks'], [3, 3, 3, 1])
    amount = pick(rng, [f'{n} {unit}', f'{EN_CARD.get(n, n)} {unit}', 'a week', 'an hour', 'a day', 'a month'],
                  [5, 2, 2, 1, 1, 1])
    if k < 0.2:
        return f'in a couple of {pick(rng, ["hours", "minutes", "days", "weeks"], [4, 3, 3, 1])}'
    if k < 0.5:
        return f'{amount} ' + pick(rng, ['from now', 'from today', 'hence', 'later', 'from tomorrow'], [5, 2, 2, 1, 0])
    if k < 0.7:
        return pick(rng, ['in a quarter of an hour', 'in three quarters of an hour', 'in a quarter hour',
                          'in a fortnight', 'a fortnight from now', 'in two weeks', 'in 2 weeks'], [4, 3, 1, 4, 1, 2, 2])
    if k < 0.85:
        return pick(rng, ['a week from today', 'a week from now', 'two weeks from today', 'a month from now',
                          'three days from now', 'a year from now'], [4, 3, 2, 2, 2, 1])
    return 'in a few ' + pick(rng, ['minutes', 'hours', 'days'], [4, 2, 1])


EN_MIN_WORDS = ['oh five', 'oh three', 'fifteen', 'thirty', 'forty five', 'twenty', 'ten', 'forty', 'fifty']


def en_hour_phrase(rng):
    """Rule 15: "3 in the morning", "6 in the evening", "11 at night", "midday", "ten thirty"."""
    k = rng.random()
    at = pick(rng, ['at ', ''], [3, 1])
    if k < 0.35:
        part = pick(rng, ['in the morning', 'in the afternoon', 'in the evening', 'at night'])
        h = {'in the morning': rng.randint(1, 11), 'in the afternoon': rng.randint(1, 5),
             'in the evening': rng.randint(5, 11), 'at night': rng.choice([9, 10, 11, 12, 1, 2, 3])}[part]
        return f'{at}{pick(rng, [str(h), EN_CARD[h]], [4, 1])} {part}'
    if k < 0.5:
        return pick(rng, ['at midday', 'midday', 'at noon', 'around midday', 'by midday'], [4, 1, 2, 0, 1])
    if k < 0.75:
        h = rng.randint(1, 12)
        return f'{at}{EN_CARD[h]} {rng.choice(EN_MIN_WORDS)}' + pick(rng, ['', ' am', ' pm', ' tonight'], [6, 1, 2, 1])
    if k < 0.88:
        return at + pick(rng, ['quarter to noon', 'a quarter to noon', 'quarter past noon', 'half past noon',
                               'quarter to midnight', 'a quarter past midnight', 'half past midnight'])
    return pick(rng, ['in the evening', 'in the morning', 'tonight', 'this evening', 'in the afternoon'])


def en_named_day(rng):
    """Rule 16: "fri", "on thu.", "thurs. at 2pm", "Dec. 3rd", "3rd of Nov", "mar 5"."""
    k = rng.random()
    if k < 0.5:
        i = rng.randrange(7)
        wd = _dot(rng, _case(rng, rng.choice(EN_WD_ABBR[i])))
        # sun/sat/wed are ordinary words too: shown only where a time word stands
        pre = pick(rng, ['', 'on ', 'next ', 'this ', 'by '], [0 if i in (2, 5, 6) else 2, 4, 2, 1, 1])
        return pre + wd
    d, m = rng.randint(1, 28), rng.randrange(12)
    mon = _dot(rng, _case(rng, EN_MON_ABBR[m])) if rng.random() < 0.75 else EN_MONTHS[m]
    on = pick(rng, ['on ', '', 'by '], [4, 3, 1])
    return on + pick(rng, [f'{mon} {d}', f'{mon} {ord_en(d)}', f'{ord_en(d)} of {mon}', f'the {ord_en(d)} of {mon}',
                           f'{d} {mon}'], [4, 3, 2, 2, 1])


def en_night_meal(rng):
    """Rule 17."""
    k = rng.random()
    if k < 0.2:
        wd = rng.choice(EN_WEEKDAYS)
        return pick(rng, [f'the night of {wd}', f'on the night of {wd}', f'the night of {wd.lower()}'], [4, 2, 1])
    if k < 0.5:
        s = pick(rng, ['this weekend', 'on the weekend', 'over the weekend', 'at the weekend'], [5, 4, 1, 1])
        return s + (' ' + en_clock(rng, allow_parts=False) if rng.random() < 0.35 else '')
    meal = pick(rng, ['at lunch', 'at lunchtime'], [1, 1])
    if rng.random() < 0.4:
        day = pick(rng, ['tomorrow', 'today', f'on {rng.choice(EN_WEEKDAYS)}', rng.choice(EN_WEEKDAYS).lower()])
        return f'{day} {meal}' if rng.random() < 0.8 else f'{meal} {day}'
    return meal


def en_recurrence_more(rng):
    """Rule 18."""
    k = rng.random()
    i = rng.randrange(7)
    wd = pick(rng, [EN_WEEKDAYS[i], EN_WEEKDAYS[i].lower()])
    if k < 0.35:
        s = pick(rng, [f'every other {wd}', f'every 2 weeks on {wd}', f'every two weeks on {wd}',
                       f'every second {wd}', f'biweekly on {wd}s', f'every 3 weeks on {wd}'], [5, 3, 2, 1, 0, 1])
    elif k < 0.45:
        return pick(rng, ['every half hour', 'every 30 minutes', 'every half an hour', 'every thirty minutes'], [4, 2, 1, 1])
    else:
        nth = rng.choice(EN_NTH)
        s = pick(rng, [f'on the {nth} {wd} of every month', f'on the {nth} {wd} of the month',
                       f'on the {nth} {wd} of each month', f'every {nth} {wd} of the month',
                       f'the {nth} {wd} of every month'], [4, 3, 2, 2, 1])
    if rng.random() < 0.55:
        c = en_clock(rng, allow_parts=False)
        return f'{s} {c}' if rng.random() < 0.85 else f'{c} {s}'
    return s


def en_recurrence_end(rng):
    """Rule 19."""
    base = pick(rng, ['every day', 'every day', 'every morning', 'every evening', 'every weekday',
                      f'every {pick(rng, [2, 3, 4, 6, 8])} hours', f'every {pick(rng, [10, 15, 20, 30])} minutes',
                      'every ' + pick(rng, ['monday', 'Tuesday', 'thursday', 'Friday'])], [5, 2, 2, 2, 2, 2, 2, 2])
    clock = en_clock(rng, allow_parts=False) if rng.random() < 0.5 and 'hours' not in base and 'minutes' not in base else ''
    k = rng.random()
    if k < 0.35:
        d, m = rng.randint(1, 30), rng.randrange(12)
        mon = pick(rng, [EN_MONTHS[m], EN_MONTHS[m].lower(), _dot(rng, EN_MON_ABBR[m])], [4, 3, 2])
        end = pick(rng, ['until', 'till'], [5, 2]) + ' ' + pick(
            rng, [f'{mon} {d}', f'{mon} {ord_en(d)}', f'the {ord_en(d)} of {mon}'], [5, 2, 1])
    elif k < 0.65:
        n = pick(rng, [2, 3, 4, 5, 10])
        end = pick(rng, ['for a week', f'for {n} weeks', f'for {n} days', f'for {EN_CARD.get(n, n)} days'], [3, 4, 3, 1])
    else:
        n = pick(rng, [2, 3, 4, 5, 6, 7, 10])
        end = f'{pick(rng, [str(n), EN_CARD[n]], [3, 1])} times'
    parts = [base, clock, end] if rng.random() < 0.6 else [base, end, clock] if rng.random() < 0.6 else [end, base, clock]
    return ' '.join(p for p in parts if p)


def en_day_part_clock(rng):
    """"friday evening at 8", "tomorrow morning at 7:30"."""
    day = pick(rng, ['tomorrow', 'today', rng.choice(EN_WEEKDAYS), f'on {rng.choice(EN_WEEKDAYS)}'])
    part, hours = rng.choice([('morning', range(5, 12)), ('afternoon', range(1, 6)), ('evening', range(5, 12)),
                              ('night', range(8, 12))])
    h = rng.choice(list(hours))
    return f'{day} {part} at {h}{pick(rng, ["", ":30", ":15"], [4, 1, 1])}'


def en_more(rng):
    k = rng.random()
    if rng.random() < 0.08:
        return en_day_part_clock(rng)
    if k < 0.18:
        s = en_offset_more(rng)
    elif k < 0.34:
        s = en_hour_phrase(rng)
        if rng.random() < 0.25 and not s.startswith(('tonight', 'this')):
            s = pick(rng, ['tomorrow ', f'on {rng.choice(EN_WEEKDAYS)} ']) + s
    elif k < 0.52:
        s = en_named_day(rng)
        if rng.random() < 0.65:
            c = en_clock(rng, allow_parts=rng.random() < 0.3)
            if rng.random() < 0.2 and c.startswith('at ') and (':' in c or c.endswith(('am', 'pm'))):
                c = c[3:]  # "Fri 6pm"
            s = f'{s} {c}' if rng.random() < 0.85 else f'{c} {s}'
    elif k < 0.68:
        s = en_night_meal(rng)
    elif k < 0.84:
        s = en_recurrence_more(rng)
    else:
        s = en_recurrence_end(rng)
    return s
