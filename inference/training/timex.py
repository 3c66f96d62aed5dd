"""Time, date, offset, recurrence and zone expressions in Russian and English for the synthetic
data (CONVENTIONS.md, time rules 1-12). Each function takes a random.Random and returns a list
of (text, tag) pieces; every token of a piece gets its tag."""

import vocab

T, Z = 'TIME', 'ZONE'

# ---------------------------------------------------------------------------------------------
# Russian numerals

RU_CARD = {1: 'один', 2: 'два', 3: 'три', 4: 'четыре', 5: 'пять', 6: 'шесть', 7: 'семь', 8: 'восемь', 9: 'девять',
           10: 'десять', 11: 'одиннадцать', 12: 'двенадцать', 13: 'тринадцать', 14: 'четырнадцать',
           15: 'пятнадцать', 16: 'шестнадцать', 17: 'семнадцать', 18: 'восемнадцать', 19: 'девятнадцать',
           20: 'двадцать', 30: 'тридцать', 40: 'сорок', 50: 'пятьдесят', 60: 'шестьдесят'}
RU_CARD_F = {**RU_CARD, 1: 'одну', 2: 'две'}
RU_HOUR_WORD = {**RU_CARD, 1: 'час'}
RU_GEN_ORD = {1: 'первого', 2: 'второго', 3: 'третьего', 4: 'четвертого', 5: 'пятого', 6: 'шестого', 7: 'седьмого',
              8: 'восьмого', 9: 'девятого', 10: 'десятого', 11: 'одиннадцатого', 12: 'двенадцатого'}
RU_MIN_GEN = {5: 'пяти', 10: 'десяти', 15: 'пятнадцати', 20: 'двадцати'}
RU_DAY_ORD_GEN = {1: 'первого', 2: 'второго', 3: 'третьего', 5: 'пятого', 10: 'десятого', 15: 'пятнадцатого',
                  20: 'двадцатого', 8: 'восьмого', 9: 'девятого', 12: 'двенадцатого', 13: 'тринадцатого'}

RU_MONTH_GEN = ['января', 'февраля', 'марта', 'апреля', 'мая', 'июня', 'июля', 'августа', 'сентября', 'октября',
                'ноября', 'декабря']
EN_MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October',
             'November', 'December']
EN_MONTHS_SHORT = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec']

# (accusative "в ...", "эт..", "следующ..", plural dative "по ...", nominative)
RU_WEEKDAYS = [('в понедельник', 'этот понедельник', 'следующий понедельник', 'понедельникам', 'понедельник'),
               ('во вторник', 'этот вторник', 'следующий вторник', 'вторникам', 'вторник'),
               ('в среду', 'эту среду', 'следующую среду', 'средам', 'среду'),
               ('в четверг', 'этот четверг', 'следующий четверг', 'четвергам', 'четверг'),
               ('в пятницу', 'эту пятницу', 'следующую пятницу', 'пятницам', 'пятницу'),
               ('в субботу', 'эту субботу', 'следующую субботу', 'субботам', 'субботу'),
               ('в воскресенье', 'это воскресенье', 'следующее воскресенье', 'воскресеньям', 'воскресенье')]
RU_EVERY_WD = ['каждый понедельник', 'каждый вторник', 'каждую среду', 'каждый четверг', 'каждую пятницу',
               'каждую субботу', 'каждое воскресенье']
EN_WEEKDAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday']
EN_WD_SHORT = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun']

EN_CARD = {1: 'one', 2: 'two', 3: 'three', 4: 'four', 5: 'five', 6: 'six', 7: 'seven', 8: 'eight', 9: 'nine',
           10: 'ten', 11: 'eleven', 12: 'twelve', 15: 'fifteen', 20: 'twenty', 30: 'thirty', 40: 'forty',
           45: 'forty five', 50: 'fifty'}


def ru_plural(n, one, few, many):
    if n % 10 == 1 and n % 100 != 11:
        return one
    if 2 <= n % 10 <= 4 and not 12 <= n % 100 <= 14:
        return few
    return many


def ord_en(n):
    if 10 <= n % 100 <= 20:
        return f'{n}th'
    return f'{n}' + {1: 'st', 2: 'nd', 3: 'rd'}.get(n % 10, 'th')


def pick(rng, xs, weights=None):
    return rng.choices(xs, weights=weights)[0] if weights else rng.choice(xs)


def mm(rng):
    return pick(rng, ['00', '15', '30', '45', '10', '20', '40', '05', '50', '25', '35', '55'],
                [6, 3, 5, 3, 1, 1, 1, 1, 1, 1, 1, 1])


# ---------------------------------------------------------------------------------------------
# Russian

def ru_clock(rng, allow_parts=True):
    """A time of day: "в 9", "в 18:00", "в 7 вечера", "полдевятого", "утром"..."""
    k = rng.random()
    h12 = rng.randint(1, 11)
    if k < 0.20:
        return f'{pick(rng, ["в", "в", "в", "к"])} {rng.randint(0, 23) if rng.random() < 0.3 else h12}'
    if k < 0.38:
        h = rng.randint(0, 23)
        sep = pick(rng, [':', ':', ':', '.', '-'])
        return f'{pick(rng, ["в", "в", "в", "к", "во"] if h == 2 else ["в", "в", "в", "к"])} {h:0{pick(rng, [1, 2])}d}{sep}{mm(rng)}'
    if k < 0.55:
        m = rng.choice(['утра', 'дня', 'вечера', 'ночи'])
        h = {'утра': rng.randint(4, 11), 'дня': rng.choice([12, 1, 2, 3, 4, 5]), 'вечера': rng.randint(5, 11),
             'ночи': rng.choice([12, 1, 2, 3, 4])}[m]
        extra = pick(rng, ['', f':{mm(rng)}', ' часов', ' ч'], [6, 2, 2, 1])
        if extra == ' часов':
            extra = ' ' + ru_plural(h, 'час', 'часа', 'часов')
        return f'в {h}{extra} {m}'
    if k < 0.62:
        h = rng.randint(1, 23)
        return f'в {h} {ru_plural(h, "час", "часа", "часов")}' + pick(rng, ['', f' {rng.choice([10, 15, 20, 30, 40])} минут'], [4, 1])
    if k < 0.72:
        h = rng.randint(1, 12)
        s = f'в {RU_HOUR_WORD[h]}'
        r = rng.random()
        if r < 0.35 and h > 1:
            s += ' ' + pick(rng, ['тридцать', 'пятнадцать', 'сорок пять', 'двадцать', 'сорок'])
        elif r < 0.75:
            s += ' ' + pick(rng, ['утра', 'вечера', 'дня', 'ночи'])
        return s
    if k < 0.85:
        h = rng.randint(1, 12)
        nxt = h % 12 + 1
        form = rng.random()
        if form < 0.3:
            return pick(rng, [f'пол{RU_GEN_ORD[nxt]}', f'в пол{RU_GEN_ORD[nxt]}', f'пол-{RU_GEN_ORD[nxt]}',
                              f'пол {RU_GEN_ORD[nxt]}'], [5, 2, 1, 1])
        if form < 0.45:
            return f'в половине {RU_GEN_ORD[nxt]}'
        if form < 0.6:
            return f'{pick(rng, ["", "в "])}четверть {RU_GEN_ORD[nxt]}'
        m = pick(rng, ['четверти', 'пятнадцати', 'десяти', 'пяти', 'двадцати'], [3, 3, 2, 1, 1])
        if rng.random() < 0.2:
            m = pick(rng, ['15', '10', '5', '20'])
        return f'без {m} {RU_HOUR_WORD[nxt] if rng.random() < 0.85 else nxt}'
    if allow_parts:
        return pick(rng, ['утром', 'днем', 'вечером', 'ночью', 'в полдень', 'в полночь', 'после обеда', 'в обед',
                          'с утра', 'рано утром', 'поздно вечером'], [5, 3, 5, 2, 3, 2, 2, 1, 1, 1, 1])
    return f'в {h12}'


def ru_date(rng):
    d = rng.randint(1, 28 if rng.random() < 0.9 else 31)
    m = rng.randint(1, 12)
    k = rng.random()
    if k < 0.45:
        return f'{d} {RU_MONTH_GEN[m - 1]}'
    if k < 0.55:
        dd = rng.choice(list(RU_DAY_ORD_GEN))
        return f'{RU_DAY_ORD_GEN[dd]} {RU_MONTH_GEN[m - 1]}'
    if k < 0.75:
        return f'{d:02d}.{m:02d}' if rng.random() < 0.7 else f'{d}.{m:02d}'
    if k < 0.88:
        return f'{d:02d}.{m:02d}.{rng.choice([2026, 2027, 2026, 2027, 2028])}'
    if k < 0.94:
        return f'{d:02d}/{m:02d}'
    return f'{d} {RU_MONTH_GEN[m - 1]} {rng.choice([2026, 2027])} года' if rng.random() < 0.5 else f'{d}.{m:02d}.{rng.choice([26, 27])}'


def ru_weekday(rng):
    wd = rng.choice(RU_WEEKDAYS)
    k = rng.random()
    if k < 0.6:
        return wd[0]
    if k < 0.75:
        return 'в ' + wd[1]
    if k < 0.88:
        return 'в ' + wd[2]
    if k < 0.94:
        return pick(rng, [f'{wd[0]} на следующей неделе', f'на следующей неделе {wd[0]}', f'{wd[0]} на этой неделе'])
    return pick(rng, ['в ближайшую ' + wd[4] if wd[4].endswith('у') else 'в ближайший ' + wd[4], wd[4]])


def ru_day(rng):
    k = rng.random()
    if k < 0.40:
        return pick(rng, ['завтра', 'послезавтра', 'сегодня'], [6, 2, 2])
    if k < 0.72:
        return ru_weekday(rng)
    return ru_date(rng)


def ru_offset(rng, snooze=False):
    prep = 'на' if snooze else 'через'
    k = rng.random()
    if k < 0.30:
        n = pick(rng, [1, 2, 3, 5, 7, 10, 15, 20, 25, 30, 40, 45, 50, 90], [1, 2, 1, 4, 1, 5, 4, 3, 1, 3, 1, 2, 1, 1])
        unit = pick(rng, [ru_plural(n, 'минуту', 'минуты', 'минут'), 'мин'], [5, 1])
        return f'{prep} {n} {unit}'
    if k < 0.48:
        n = pick(rng, [1, 2, 3, 4, 5, 6, 8, 12, 24, 36])
        return f'{prep} {n} {pick(rng, [ru_plural(n, "час", "часа", "часов"), "ч"], [6, 1])}'
    if k < 0.62:
        return f'{prep} ' + pick(rng, ['час', 'полчаса', 'полтора часа', 'минуту', 'часик', 'пару часов',
                                       'пару минут', 'полчасика', 'минутку', 'часок'], [5, 5, 3, 1, 1, 2, 1, 1, 1, 1])
    if k < 0.74:
        n = pick(rng, [1, 2, 3, 4, 5, 10, 15, 20, 30, 40])
        if rng.random() < 0.5:
            return f'{prep} {RU_CARD_F[n]} {ru_plural(n, "минуту", "минуты", "минут")}'
        n = pick(rng, [1, 2, 3, 4, 5, 6])
        return f'{prep} {RU_CARD[n]} {ru_plural(n, "час", "часа", "часов")}'
    if snooze:
        return pick(rng, ['на завтра', 'до завтра', 'до вечера', 'на вечер', 'на утро', 'до утра', 'на завтра утро',
                          'на 18:00', 'на 9', 'на завтра на 9', 'до 18:00', 'до обеда', 'на понедельник',
                          'на час позже', 'на 30 минут позже', 'на 2 дня', 'на неделю'])
    n = pick(rng, [1, 2, 3, 4, 5, 7, 10, 14])
    unit = rng.random()
    if unit < 0.45:
        body = f'{n} {ru_plural(n, "день", "дня", "дней")}' if n > 1 else 'день'
        if body == 'день':
            body = pick(rng, ['2 дня', '3 дня', 'два дня', 'три дня', 'пару дней', '5 дней'])
    elif unit < 0.7:
        n = pick(rng, [1, 2, 3])
        body = 'неделю' if n == 1 else f'{pick(rng, [n, RU_CARD_F[n]])} {ru_plural(n, "неделю", "недели", "недель")}'
    elif unit < 0.9:
        n = pick(rng, [1, 2, 3, 6])
        body = 'месяц' if n == 1 else f'{pick(rng, [n, RU_CARD[n]])} {ru_plural(n, "месяц", "месяца", "месяцев")}'
    else:
        body = pick(rng, ['год', 'полгода', '2 года'])
    s = f'через {body}'
    if rng.random() < 0.3:
        s += ' ' + ru_clock(rng)
    return s


def ru_recurrence(rng):
    k = rng.random()
    if k < 0.14:
        base = pick(rng, ['каждый день', 'ежедневно', 'каждый день', 'каждые сутки'], [5, 3, 1, 1])
    elif k < 0.34:
        i = rng.randrange(7)
        base = pick(rng, [RU_EVERY_WD[i], 'по ' + RU_WEEKDAYS[i][3]])
    elif k < 0.42:
        a, b = sorted(rng.sample(range(7), 2))
        base = pick(rng, [f'по {RU_WEEKDAYS[a][3]} и {RU_WEEKDAYS[b][3]}',
                          f'{RU_EVERY_WD[a]} и {RU_WEEKDAYS[b][4]}'], [3, 1])
    elif k < 0.52:
        base = pick(rng, ['по будням', 'по выходным', 'в будни', 'в выходные', 'каждые выходные', 'по будним дням'],
                    [5, 4, 1, 1, 1, 1])
    elif k < 0.62:
        n = pick(rng, [2, 3, 4, 6, 8, 12])
        m = pick(rng, [5, 10, 15, 20, 30, 45])
        base = pick(rng, [f'каждые {n} {ru_plural(n, "час", "часа", "часов")}', 'каждый час',
                          f'каждые {m} минут', 'каждые полчаса',
                          f'каждые {RU_CARD[pick(rng, [2, 3, 4])]} часа'], [4, 2, 4, 1, 1])
        return base  # intervals: the time of day comes from now
    elif k < 0.68:
        base = pick(rng, ['через день', 'через день', 'каждые 2 дня', 'каждые три дня'], [4, 2, 1, 1])
    elif k < 0.80:
        d = rng.choice([1, 1, 1, 5, 10, 15, 20, 25, 28])
        base = pick(rng, [f'{d}-го числа каждого месяца', f'{d} числа каждого месяца', f'каждый месяц {d} числа',
                          f'каждое {d} число', f'{RU_DAY_ORD_GEN.get(d, "первого")} числа каждого месяца',
                          f'ежемесячно {d} числа', 'в последний день месяца', 'в последний день каждого месяца',
                          'каждый последний день месяца', 'каждый месяц'], [3, 3, 2, 1, 2, 1, 3, 1, 1, 1])
    elif k < 0.88:
        d, m = rng.randint(1, 28), rng.randint(1, 12)
        base = pick(rng, [f'каждый год {d} {RU_MONTH_GEN[m - 1]}', f'ежегодно {d} {RU_MONTH_GEN[m - 1]}',
                          f'{d} {RU_MONTH_GEN[m - 1]} каждый год', 'каждый год'], [4, 2, 2, 1])
    else:
        base = pick(rng, ['каждое утро', 'каждый вечер', 'каждую ночь', 'каждый день утром', 'каждую неделю',
                          'еженедельно', 'каждый день вечером'], [5, 5, 1, 2, 2, 1, 1])
    if rng.random() < 0.65:
        daily = base in ('каждый день', 'ежедневно', 'каждые сутки', 'по будням', 'в будни', 'по будним дням')
        c = ru_clock(rng, allow_parts=daily or (base.startswith(('каждый п', 'каждый в', 'каждую', 'каждое в', 'по '))
                                                and rng.random() < 0.5))
        return f'{base} {c}' if rng.random() < 0.8 else f'{c} {base}'
    return base


def ru_time(rng, zone_p=0.06):
    """A complete time expression of a create request: pieces [(text, tag)]."""
    k = rng.random()
    if k < 0.14:
        s = ru_clock(rng)
        if s in ('утром', 'вечером', 'днем', 'ночью') and rng.random() < 0.5:
            s = pick(rng, ['сегодня ', 'завтра ']) + s
    elif k < 0.44:
        d = ru_day(rng)
        r = rng.random()
        if r < 0.15:
            s = d
        elif r < 0.85:
            s = f'{d} {ru_clock(rng)}'
        else:
            s = f'{ru_clock(rng)} {d}'
    elif k < 0.68:
        s = ru_offset(rng)
    else:
        s = ru_recurrence(rng)
    pieces = [(s, T)]
    if (rng.random() < zone_p and any(c.isdigit() for c in s.split()[-1])) or rng.random() < zone_p / 3:
        pieces.append((pick(rng, vocab.RU_TIME_ZONES), Z))
    return pieces


# ---------------------------------------------------------------------------------------------
# English

def en_clock(rng, allow_parts=True):
    k = rng.random()
    h12 = rng.randint(1, 12)
    prep = pick(rng, ['at', 'at', 'at', 'at', 'by', 'around'], [10, 1, 1, 1, 1, 0])
    if k < 0.15:
        return f'{prep} {h12}'
    if k < 0.40:
        m = pick(rng, ['am', 'pm', 'AM', 'PM', 'a.m.', 'p.m.'], [4, 6, 1, 2, 1, 1])
        body = f'{h12}' + pick(rng, ['', f':{mm(rng)}'], [3, 1])
        return f'{prep} {body}{pick(rng, ["", " "])}{m}'
    if k < 0.52:
        h = rng.randint(0, 23)
        return f'{prep} {h:0{pick(rng, [1, 2])}d}:{mm(rng)}'
    if k < 0.58:
        oclock = pick(rng, ["o'clock", 'o’clock', 'oclock'], [5, 1, 1])
        return f'{prep} {h12} {oclock}'
    if k < 0.64:
        part = pick(rng, ['in the morning', 'in the afternoon', 'in the evening', 'at night'])
        return f'{prep} {h12} {part}'
    if k < 0.74:
        s = f'at {EN_CARD[h12]}'
        r = rng.random()
        if r < 0.35:
            s += ' ' + pick(rng, ['thirty', 'fifteen', 'forty five', 'twenty', 'forty-five', 'o\'clock'])
        elif r < 0.7:
            s += ' ' + pick(rng, ['am', 'pm', 'in the morning', 'in the evening', 'tonight'])
        return s
    if k < 0.86:
        h = rng.randint(1, 12)
        w = pick(rng, [str(h), EN_CARD[h]], [3, 1])
        return pick(rng, [f'at half past {w}', f'at quarter to {w}', f'at a quarter past {w}', f'at quarter past {w}',
                          f'at a quarter to {w}', f'half past {w}', f'at half past {w} pm', f'at quarter to {w} am'],
                    [4, 4, 2, 2, 1, 1, 1, 1])
    if allow_parts:
        return pick(rng, ['in the morning', 'in the afternoon', 'in the evening', 'tonight', 'at night', 'at noon',
                          'at midnight', 'this morning', 'this afternoon', 'this evening', 'at lunchtime'],
                    [5, 3, 4, 5, 2, 3, 2, 2, 2, 2, 1])
    return f'at {h12}'


def en_date(rng):
    d = rng.randint(1, 28 if rng.random() < 0.9 else 31)
    m = rng.randint(1, 12)
    mon = pick(rng, [EN_MONTHS[m - 1], EN_MONTHS_SHORT[m - 1]], [5, 1])
    k = rng.random()
    on = pick(rng, ['on ', ''], [3, 1])
    if k < 0.3:
        return f'{on}{mon} {pick(rng, [str(d), ord_en(d)])}'
    if k < 0.5:
        return f'{on}the {ord_en(d)} of {mon}'
    if k < 0.62:
        return f'{on}{d} {mon}'
    if k < 0.7:
        return f'{on}{mon} {d}, {rng.choice([2026, 2027])}'
    if k < 0.85:
        return f'{on}{d:02d}.{m:02d}' + pick(rng, ['', f'.{rng.choice([2026, 2027])}'], [2, 1])
    return f'{on}{d:02d}/{m:02d}' + pick(rng, ['', f'/{rng.choice([2026, 2027])}'], [3, 1])


def en_weekday(rng):
    i = rng.randrange(7)
    wd = pick(rng, [EN_WEEKDAYS[i], EN_WEEKDAYS[i].lower(), EN_WD_SHORT[i]], [4, 4, 1])
    return pick(rng, [f'on {wd}', wd, f'this {wd}', f'next {wd}', f'this coming {wd}', f'{wd} next week',
                      f'next week on {wd}', f'on {wd} next week'], [6, 2, 2, 3, 1, 1, 1, 1])


def en_day(rng):
    k = rng.random()
    if k < 0.4:
        return pick(rng, ['tomorrow', 'tmrw', 'today', 'the day after tomorrow', 'day after tomorrow'], [8, 1, 2, 2, 1])
    if k < 0.72:
        return en_weekday(rng)
    return en_date(rng)


def en_offset(rng, snooze=False):
    k = rng.random()
    prep = 'in'
    if k < 0.3:
        n = pick(rng, [1, 2, 3, 5, 10, 15, 20, 25, 30, 40, 45, 90])
        unit = pick(rng, ['minutes' if n != 1 else 'minute', 'mins', 'min'], [6, 1, 1])
        return f'{prep} {n} {unit}'
    if k < 0.46:
        n = pick(rng, [2, 3, 4, 5, 6, 8, 12, 24])
        return f'{prep} {n} {pick(rng, ["hours", "hrs", "h"], [8, 1, 1])}'
    if k < 0.62:
        return f'{prep} ' + pick(rng, ['an hour', 'half an hour', 'an hour and a half', 'a minute', 'a couple of hours',
                                       'a few minutes', '1 hour', 'one hour', 'a half hour'], [6, 5, 2, 1, 2, 1, 2, 1, 1])
    if k < 0.74:
        n = pick(rng, [2, 3, 4, 5, 10, 15, 20, 30, 45])
        if rng.random() < 0.6:
            return f'{prep} {EN_CARD[n]} minutes'
        n = pick(rng, [2, 3, 4, 5, 6])
        return f'{prep} {EN_CARD[n]} hours'
    if k < 0.78:
        n = pick(rng, [5, 10, 20, 30])
        return f'{n} minutes from now'
    n = pick(rng, [2, 3, 4, 5, 7, 10])
    unit = rng.random()
    if unit < 0.45:
        body = pick(rng, [f'{n} days', f'{EN_CARD.get(n, n)} days', 'a couple of days'], [4, 2, 1])
    elif unit < 0.7:
        body = pick(rng, ['a week', '2 weeks', 'two weeks', '3 weeks', 'one week'])
    elif unit < 0.9:
        body = pick(rng, ['a month', '2 months', 'three months', '6 months'])
    else:
        body = pick(rng, ['a year', '2 years'])
    s = f'in {body}'
    if rng.random() < 0.3:
        s += ' ' + en_clock(rng)
    return s


def en_recurrence(rng):
    k = rng.random()
    if k < 0.14:
        base = pick(rng, ['every day', 'daily', 'each day', 'everyday'], [6, 3, 1, 1])
    elif k < 0.34:
        i = rng.randrange(7)
        wd = pick(rng, [EN_WEEKDAYS[i], EN_WEEKDAYS[i].lower()])
        base = pick(rng, [f'every {wd}', f'on {wd}s', f'each {wd}', f'{wd}s'], [6, 3, 1, 1])
    elif k < 0.42:
        a, b = sorted(rng.sample(range(7), 2))
        base = pick(rng, [f'every {EN_WEEKDAYS[a]} and {EN_WEEKDAYS[b]}', f'on {EN_WEEKDAYS[a]}s and {EN_WEEKDAYS[b]}s',
                          f'every {EN_WEEKDAYS[a].lower()} and {EN_WEEKDAYS[b].lower()}'])
    elif k < 0.52:
        base = pick(rng, ['on weekdays', 'every weekday', 'on weekends', 'every weekend', 'weekdays', 'on the weekend'],
                    [4, 3, 3, 2, 1, 1])
    elif k < 0.62:
        n = pick(rng, [2, 3, 4, 6, 8, 12])
        m = pick(rng, [5, 10, 15, 20, 30, 45])
        return pick(rng, [f'every {n} hours', 'every hour', f'every {m} minutes', 'every half hour', 'hourly',
                          f'every {EN_CARD[pick(rng, [2, 3, 4])]} hours'], [4, 2, 4, 1, 1, 1])
    elif k < 0.68:
        base = pick(rng, ['every other day', 'every second day', 'every 2 days', 'every three days'], [5, 1, 1, 1])
    elif k < 0.80:
        d = rng.choice([1, 1, 1, 5, 10, 15, 20, 25, 28])
        base = pick(rng, [f'on the {ord_en(d)} of every month', f'every month on the {ord_en(d)}',
                          f'on the {ord_en(d)} of each month', f'monthly on the {ord_en(d)}',
                          'on the last day of the month', 'on the last day of every month',
                          'every month on the last day', 'every month', 'monthly'], [4, 3, 1, 1, 3, 2, 1, 1, 1])
    elif k < 0.88:
        d, m = rng.randint(1, 28), rng.randrange(12)
        base = pick(rng, [f'every year on {EN_MONTHS[m]} {d}', f'every {EN_MONTHS[m]} {ord_en(d)}',
                          f'yearly on {EN_MONTHS[m]} {d}', f'every year on the {ord_en(d)} of {EN_MONTHS[m]}',
                          'every year'], [4, 2, 1, 2, 1])
    else:
        base = pick(rng, ['every morning', 'every evening', 'every night', 'each morning', 'every week', 'weekly'],
                    [5, 5, 2, 1, 2, 1])
    if rng.random() < 0.65:
        daily = base in ('every day', 'daily', 'each day', 'everyday', 'on weekdays', 'every weekday', 'weekdays')
        c = en_clock(rng, allow_parts=daily and rng.random() < 0.5)
        return f'{base} {c}' if rng.random() < 0.85 else f'{c} {base}'
    return base


def en_time(rng, zone_p=0.06):
    k = rng.random()
    if k < 0.16:
        s = en_clock(rng)
    elif k < 0.46:
        d = en_day(rng)
        r = rng.random()
        if r < 0.15:
            s = d
        elif r < 0.3 and not d.startswith('the') and d not in ('today',):
            s = f'{d} {pick(rng, ["morning", "afternoon", "evening", "night"])}' if d in ('tomorrow', 'tmrw') or \
                d.split()[-1].lower() in [w.lower() for w in EN_WEEKDAYS] else f'{d} {en_clock(rng)}'
        elif r < 0.85:
            s = f'{d} {en_clock(rng)}'
        else:
            s = f'{en_clock(rng)} {d}'
    elif k < 0.68:
        s = en_offset(rng)
    else:
        s = en_recurrence(rng)
    pieces = [(s, T)]
    if (rng.random() < zone_p and any(c.isdigit() for c in s)) or rng.random() < zone_p / 3:
        pieces.append((pick(rng, vocab.EN_TIME_ZONES), Z))
    return pieces


def en_snooze_time(rng):
    k = rng.random()
    if k < 0.35:
        n = pick(rng, [5, 10, 15, 20, 30, 45])
        return pick(rng, [f'{n} min', f'{n} minutes', f'for {n} minutes', f'by {n} minutes', f'{n} mins',
                          f'for {n} min'], [2, 3, 3, 1, 1, 1])
    if k < 0.6:
        return pick(rng, ['an hour', 'for an hour', 'by an hour', '1 h', '1 hour', 'for 2 hours', 'by 2 hours',
                          'half an hour', 'for half an hour', '2 hours', 'by thirty minutes', 'ten minutes',
                          'for ten minutes', 'for five minutes'])
    if k < 0.8:
        return pick(rng, ['until tomorrow', 'to tomorrow', 'till tomorrow morning', 'until tonight', 'to 6pm',
                          'until 7 pm', 'to tomorrow at 9', 'till the evening', 'until monday', 'to friday',
                          'until 18:00', 'till noon'])
    return en_offset(rng)


def ru_snooze_time(rng):
    k = rng.random()
    if k < 0.75:
        return ru_offset(rng, snooze=True)
    return ru_offset(rng)
