"""Seeded RU/EN reminder-like messages from templates, for the text-drift fixtures and simulation.

Imported by text_fixtures.py; the templates are also written into the fixtures
(corpus-templates.json) so that the TypeScript power simulation draws from the same ones.
"""
import numpy as np

TEMPLATES = {
    'en': [
        'remind me {when} to {task}',
        '{when} {task}',
        "don't let me forget to {task} {when}",
        'reminder: {task} {when}',
        'please remind me to {task} {when}',
        '{task} {when}',
    ],
    'ru': [
        'напомни {when} {task}',
        '{when} {task}',
        'не забыть {task} {when}',
        'напоминание: {task} {when}',
        'пожалуйста напомни {task} {when}',
        '{task} {when}',
    ],
}

WHEN = {
    'en': [
        'in {n} minutes', 'in {n} hours', 'tomorrow at {h}', 'at {h}:{mm}', 'tonight',
        'on monday', 'on friday', 'next week', 'this evening', 'tomorrow morning', 'in an hour',
        'on the {d}th', 'at noon',
    ],
    'ru': [
        'через {n} минут', 'через {n} часа', 'завтра в {h}', 'в {h}:{mm}', 'вечером',
        'в понедельник', 'в пятницу', 'на следующей неделе', 'сегодня вечером', 'завтра утром',
        'через час', '{d} числа', 'в обед',
    ],
}

TASKS = {
    'en': [
        'call mom', 'check the oven', 'buy milk', 'take my pills', 'water the plants',
        'pay the rent', 'send the report', 'walk the dog', 'book a table', 'pick up the kids',
        'reply to anna', 'charge the phone', 'take out the trash', 'buy bread', 'call the dentist',
        'feed the cat', 'submit the invoice', 'renew the passport', 'go to the gym', 'cook dinner',
    ],
    'ru': [
        'позвонить маме', 'проверить духовку', 'купить молоко', 'выпить таблетки', 'полить цветы',
        'оплатить квартиру', 'отправить отчёт', 'погулять с собакой', 'забронировать столик',
        'забрать детей', 'ответить ане', 'зарядить телефон', 'вынести мусор', 'купить хлеб',
        'позвонить стоматологу', 'покормить кота', 'отправить счёт', 'продлить паспорт',
        'сходить в зал', 'приготовить ужин',
    ],
}

# A new topic that the reference window never saw: a product launch and the words around it.
NEW_TASKS = {
    'en': [
        'renew the kinopoisk subscription', 'join the zoom standup', 'claim the tinkoff cashback',
        'update the sberbank app', 'rate the yandex taxi ride', 'top up the troika card',
        'order groceries on ozon', 'check the wildberries parcel',
    ],
    'ru': [
        'продлить подписку кинопоиск', 'зайти в зум на планёрку', 'получить кешбэк тинькофф',
        'обновить приложение сбербанк', 'оценить поездку яндекс такси', 'пополнить тройку',
        'заказать продукты на озоне', 'проверить посылку с вайлдберриз',
    ],
}


def _fill(rng, lang, tasks):
    when = WHEN[lang][rng.integers(len(WHEN[lang]))].format(
        n=int(rng.integers(2, 60)), h=int(rng.integers(6, 23)), mm=f'{int(rng.integers(0, 60)):02d}',
        d=int(rng.integers(4, 29)))
    task = tasks[lang][rng.integers(len(tasks[lang]))]
    template = TEMPLATES[lang][rng.integers(len(TEMPLATES[lang]))]
    text = template.format(when=when, task=task)
    # Real messages start with a capital now and then.
    return text[0].upper() + text[1:] if rng.random() < 0.3 else text


def messages(rng, n, new_share=0.0):
    """n messages, half Russian; a share new_share of them about the new topic."""
    out = []
    for _ in range(n):
        lang = 'ru' if rng.random() < 0.5 else 'en'
        tasks = NEW_TASKS if rng.random() < new_share else TASKS
        out.append(_fill(rng, lang, tasks))
    return out


def templates_json():
    return {'templates': TEMPLATES, 'when': WHEN, 'tasks': TASKS, 'newTasks': NEW_TASKS}
