"""CONVENTIONS rule 14, "за N <unit> до <anchor>" / "N <unit> before <anchor>", for the synthetic
creates of generate.py. Two shapes: the anchor is a time with an event between ("за час до
встречи в 15:00": "встречи" is the reminder text, the rest TIME) or a time alone followed or
preceded by a task ("за 2 дня до 15 марта купить подарки"). Returns the pieces after the trigger."""

from timex import EN_MONTHS, EN_WEEKDAYS, RU_MONTH_GEN, RU_WEEKDAYS, en_clock, pick, ru_clock

T, TXT, FIL = 'TIME', 'TEXT', 'FILLER'

RU_EVENTS_GEN = ['встречи', 'поезда', 'вылета', 'вебинара', 'созвона', 'приема у врача', 'концерта', 'собрания',
                 'матча', 'самолета', 'планерки', 'экзамена', 'спектакля', 'стрижки', 'тренировки', 'дедлайна',
                 'отъезда', 'урока', 'презентации', 'звонка с клиентом', 'собеседования', 'электрички', 'сеанса',
                 'защиты', 'репетиции', 'эфира', 'приезда гостей', 'записи к стоматологу', 'родительского собрания']
EN_EVENTS = ['the meeting', 'the call', 'the train', 'the flight', 'the dinner', 'the game', 'the webinar',
             'the interview', 'the standup', 'the show', 'the appointment', 'the class', 'the concert', 'the party',
             'my shift', 'the exam', 'the bus', 'the demo', 'the lecture', 'the haircut', 'the match', 'the sync',
             'my dentist appointment', 'the ferry', 'the livestream', 'the recital']
RU_DUR = ['за час', 'за полчаса', 'за 15 минут', 'за 30 минут', 'за 2 часа', 'за день', 'за 2 дня', 'за неделю',
          'за пару часов', 'за 10 минут', 'за три дня', 'за сутки', 'за 20 минут', 'за 5 минут', 'за 3 часа',
          'за два часа', 'за пять минут', 'за 45 минут', 'за четверть часа']
EN_DUR = ['15 minutes', 'an hour', 'half an hour', '2 hours', 'a day', '2 days', 'a week', '10 minutes',
          'a couple of hours', 'three days', '30 minutes', 'five minutes', '20 minutes', 'two hours', '45 minutes',
          'one day']


def _ru_anchor_clock(rng):
    c = ru_clock(rng, allow_parts=False)
    if rng.random() < 0.35:
        day = pick(rng, ['завтра', 'сегодня', 'послезавтра', RU_WEEKDAYS[rng.randrange(7)][0]])
        c = f'{day} {c}' if rng.random() < 0.7 else f'{c} {day}'
    return c


def _en_anchor_clock(rng):
    c = en_clock(rng, allow_parts=False)
    if rng.random() < 0.35:
        day = pick(rng, ['tomorrow', 'today', f'on {rng.choice(EN_WEEKDAYS)}'])
        c = f'{day} {c}' if rng.random() < 0.6 else f'{c} {day}'
    return c


def _ru_anchor_day(rng):
    d, m = rng.randint(1, 28), rng.randrange(12)
    return pick(rng, [f'{d} {RU_MONTH_GEN[m]}', f'{d:02d}.{m + 1:02d}', RU_WEEKDAYS[rng.randrange(7)][4],
                      f'{d}-го {RU_MONTH_GEN[m]}'], [6, 2, 0, 1])


def _en_anchor_day(rng):
    d, m = rng.randint(1, 28), rng.randrange(12)
    mon = pick(rng, [EN_MONTHS[m], EN_MONTHS[m].lower()])
    return pick(rng, [f'{mon} {d}', f'{mon} {d}th' if d > 3 else f'{mon} {d}', f'the {d}th of {mon}' if d > 3 else f'{mon} {d}'],
                [5, 1, 1])


def _ru_bare_clock(rng):
    h = rng.randint(1, 23)
    h12 = rng.randint(1, 11)
    return pick(rng, [f'{h}:{pick(rng, ["00", "30", "15", "45"])}', f'{h12} {pick(rng, ["утра", "вечера"])}',
                      f'{h}:00'], [5, 3, 2])


def _en_bare_clock(rng):
    h = rng.randint(1, 12)
    return pick(rng, [f'{h}pm', f'{h} pm', f'{h}am', f'{h}:{pick(rng, ["00", "30", "15", "45"])}', 'noon', 'midnight',
                      f'{h} in the evening'], [4, 2, 2, 3, 1, 1, 1])


LONG = ('день', 'дня', 'недел', 'сутки', 'day', 'week')


def _long(dur):
    """Days and weeks count back from a date: "за 2 дня до 22:00" would be in the past (ask)."""
    return any(w in dur for w in LONG)


def before_pieces(rng, lang, task, to_ok):
    """The pieces after the trigger; `task` draws a reminder text, `to_ok` allows English "to"."""
    if lang == 'ru':
        dur = rng.choice(RU_DUR)
        if rng.random() < 0.5:
            anchor = _ru_anchor_day(rng) + (' ' + ru_clock(rng, allow_parts=False) if rng.random() < 0.3 else '') \
                if _long(dur) else _ru_anchor_clock(rng)
            return [(f'{dur} до', T), (rng.choice(RU_EVENTS_GEN), TXT), (anchor, T)]
        anchor = _ru_anchor_day(rng) if _long(dur) else _ru_bare_clock(rng)
        expr = (f'{dur} до {anchor}', T)
        return [expr, (task(), TXT)] if rng.random() < 0.75 else [(task(), TXT), expr]
    dur = rng.choice(EN_DUR)
    if rng.random() < 0.5:
        anchor = f'on {_en_anchor_day(rng)}' if _long(dur) else _en_anchor_clock(rng)
        return [(f'{dur} before', T), (rng.choice(EN_EVENTS), TXT), (anchor, T)]
    anchor = _en_anchor_day(rng) if _long(dur) else _en_bare_clock(rng)
    expr = (f'{dur} before {anchor}', T)
    text = [('to', FIL), (task(), TXT)] if to_ok else [(task(), TXT)]
    return [expr] + text if rng.random() < 0.5 else text + [expr]
