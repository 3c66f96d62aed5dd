"""Vocabularies for the synthetic training data (generate.py): reminder tasks, names, cities,
fillers, and the phrasing of list / cancel / snooze / timezone / other messages, in Russian and
English. Nothing here is taken from an evaluation corpus."""

# ---------------------------------------------------------------------------------------------
# Reminder texts. (verb, [objects]) pairs are combined; standalone phrases are used as they are.

RU_NAMES_DAT = ['маме', 'папе', 'бабушке', 'дедушке', 'брату', 'сестре', 'Ире', 'Сергею', 'Оле', 'Диме', 'Саше',
                'Насте', 'Андрею', 'Кате', 'Лене', 'Мише', 'Наташе', 'Вове', 'Юле', 'Косте', 'Артему', 'Ивану Петровичу',
                'Марине Сергеевне', 'тете Гале', 'дяде Коле', 'Петровичу', 'Жене', 'Тимуру', 'Алине', 'Вике']
RU_NAMES_ACC = ['маму', 'папу', 'бабушку', 'Иру', 'Сергея', 'Олю', 'Диму', 'Сашу', 'Настю', 'Андрея', 'Катю', 'Лену',
                'Мишу', 'Наташу', 'Вову', 'Юлю', 'сына', 'дочку', 'детей', 'жену', 'мужа', 'Алину', 'Тимура']
RU_NAMES_INS = ['Олегом', 'Ирой', 'Сергеем', 'Машей', 'командой', 'клиентом', 'директором', 'Андреем', 'Катей',
                'психологом', 'репетитором', 'Димой', 'Ниной Павловной', 'поставщиком']
RU_NAMES_GEN = ['Маши', 'Сергея', 'мамы', 'папы', 'бабушки', 'Иры', 'Димы', 'Насти', 'Олега', 'Вики', 'сына', 'жены']

RU_TASKS = [
    ('позвонить', RU_NAMES_DAT + ['врачу', 'в банк', 'в поликлинику', 'начальнику', 'в сервис', 'сантехнику', 'юристу',
                                  'в налоговую', 'стоматологу', 'риелтору', 'в управляющую компанию', 'в школу',
                                  'по поводу квартиры', 'насчет работы', 'в доставку']),
    ('написать', RU_NAMES_DAT + ['отзыв', 'заявление на отпуск', 'статью', 'письмо в банк', 'в чат группы']),
    ('купить', ['хлеб', 'молоко', '2 литра молока', '3 батона', 'яйца', 'десяток яиц', 'корм коту', 'корм собаке',
                'подарок маме', 'цветы', 'билеты в кино', 'лекарства', 'таблетки от давления', 'продукты', 'батарейки',
                '10 яиц', 'памперсы', 'кофе', 'сыр и колбасу', 'новый зарядник', 'шампунь', 'торт на вечеринку',
                'часы сыну', 'наполнитель для кота', 'лампочку в коридор', 'овощи на рынке', 'масло и муку',
                '5 кг картошки', 'воду 19 литров', 'подарок на день рождения Маши', 'книгу', 'зубную пасту']),
    ('забрать', ['посылку', 'ребенка из школы', 'детей из садика', 'заказ из пункта выдачи', 'машину из сервиса',
                 'костюм из химчистки', 'документы', 'справку', 'анализы', 'ключи у соседей', 'посылку на почте',
                 'сына с тренировки', 'дочку с танцев', 'паспорт', 'заказ с озона']),
    ('оплатить', ['интернет', 'квартиру', 'коммуналку', 'кредит', 'телефон', 'штраф', 'счет за свет', 'налоги',
                  'детский сад', 'ипотеку', 'страховку', 'подписку', 'аренду', 'кружок']),
    ('заплатить', ['за квартиру', 'за интернет', '500 рублей за интернет', 'за садик', 'няне', 'за парковку']),
    ('записаться', ['к врачу', 'к стоматологу', 'на стрижку', 'в спортзал', 'на прием к терапевту',
                    'на курсы английского', 'на маникюр', 'на техосмотр', 'к окулисту']),
    ('отправить', ['отчет', 'письмо Ивану', 'документы в бухгалтерию', 'фото маме', 'резюме', 'договор юристу',
                   'посылку бабушке', 'счет клиенту', 'показания счетчиков', 'презентацию Олегу']),
    ('сделать', ['домашку', 'зарядку', 'отчет', 'презентацию', 'уборку', 'бэкап', 'анализы', 'прививку коту',
                 'маску для лица', 'перерыв', '50 отжиманий', 'растяжку', 'дыхательную гимнастику']),
    ('проверить', ['почту', 'духовку', 'стирку', 'давление', 'отчеты', 'домашнее задание у сына', 'баланс на карте',
                   'пирог в духовке', 'уровень масла', 'счета']),
    ('выпить', ['таблетку', 'лекарство', 'воду', 'витамины', '2 таблетки аспирина', 'стакан воды', 'антибиотик']),
    ('принять', ['лекарство', 'таблетки', 'душ', 'витамин D', 'капли']),
    ('полить', ['цветы', 'огород', 'фикус', 'рассаду', 'цветы на балконе']),
    ('выключить', ['духовку', 'плиту', 'утюг', 'стиральную машину', 'обогреватель', 'суп']),
    ('покормить', ['кота', 'рыбок', 'собаку', 'попугая', 'ребенка']),
    ('забронировать', ['столик в ресторане', 'отель', 'билеты на поезд', 'баню', 'переговорку']),
    ('подготовить', ['презентацию', 'отчет для шефа', 'документы для визы', 'речь на свадьбу', 'материалы к встрече']),
    ('поздравить', ['Машу с днем рождения', 'маму с юбилеем', 'коллег с праздником', 'Сергея']),
    ('встретить', ['папу в аэропорту', 'маму на вокзале', 'курьера', 'гостей']),
    ('отвезти', ['маму на дачу', 'машину в сервис', 'кота к ветеринару', 'документы в офис', 'детей в школу']),
    ('сходить', ['в аптеку', 'в магазин', 'на почту', 'в спортзал', 'к врачу', 'на вечеринку', 'в банк',
                 'на утренник к дочке', 'на родительское собрание', 'в бассейн']),
    ('заказать', ['пиццу', 'такси в аэропорт', 'продукты', 'воду', 'цветы Лене']),
    ('вернуть', ['долг Пете', 'книги в библиотеку', 'куртку в магазин', 'дрель соседу']),
    ('приготовить', ['завтрак', 'обед', 'ужин', 'завтрак детям', 'обед на завтра']),
    ('обсудить', ['отпуск с женой', 'бюджет с командой', 'ремонт с мастером']),
]

RU_PHRASES = [
    # texts with meal and period words after the time: the words of rules 17 and 19 are text here
    'обед с коллегами', 'обед у бабушки', 'ужин у друзей', 'ужин с партнерами', 'обед у Лены', 'завтрак с Ирой',
    'подвести итоги недели', 'составить план на неделю', 'расписать меню на неделю', 'отчет за неделю',
    'взять обед с собой', 'разобрать дела на неделю', 'спланировать выходные', 'купить продукты на неделю',
    'вынести мусор', 'погулять с собакой', 'выгулять собаку', 'заправить машину', 'поменять резину', 'продлить паспорт',
    'продлить страховку', 'сдать книги в библиотеку', 'поставить машину на зарядку', 'зарядить телефон',
    'скинуть фотки', 'разморозить мясо на ужин', 'посмотреть матч', 'отнести обувь в ремонт', 'почистить зубы',
    'лечь спать', 'пройти техосмотр', 'обновить антивирус', 'встреча с Олегом', 'созвон с командой', 'планерка',
    'стоматолог', 'день рождения Маши', 'отчет', 'тренировка', 'йога', 'английский', 'врач', 'парикмахер',
    'совещание', 'таблетки', 'взять обед на работу', 'сдать анализы', 'прочитать главу 3', 'выучить 20 слов',
    'пробежать 5 км', 'поставить будильник', 'субботник во дворе', 'забрать завтрак из доставки',
    'ответить на письмо клиента', 'посмотреть вебинар', 'полить цветы у соседки', 'сменить пароль на почте',
    'сдать отчет по проекту', 'отправить показания воды', 'купить хлеб и молоко', 'погладить рубашку',
    'собрать чемодан', 'взять зонт', 'помыть машину', 'убраться в квартире', 'постирать шторы',
    'разобрать почту', 'выйти на встречу', 'выезжать в аэропорт', 'забрать посылку на почте',
    'проверить домашку у детей', 'помедитировать', 'размяться', 'сделать перерыв и пройтись',
    'не опоздать на поезд', 'взять документы на собеседование', 'отменить подписку на кинотеатр',
    'удалить старые фотки с телефона', 'перенести встречу с клиентом', 'напечатать билеты',
]

RU_LONG_TAILS = [
    'и спросить про документы для визы', 'и уточнить адрес', 'потому что она просила', 'и купить хлеб по дороге',
    'и сказать что я задержусь', 'а потом забрать детей', 'и не забыть зонт', 'и обсудить планы на выходные',
    'и заодно оплатить интернет', 'которые обещал еще на прошлой неделе', 'и записать результаты',
    'и надо не забыть взять паспорт', 'чтобы не забыть про скидку', 'потому что мне надо успеть до закрытия',
    'и напомнить ему про долг', 'если не ответит, написать еще раз',
]

EN_NAMES = ['mom', 'dad', 'grandma', 'grandpa', 'Steven', 'Anna', 'John', 'Mike', 'Sarah', 'Emma', 'David', 'Olga',
            'Peter', 'Kate', 'Tom', 'Lucy', 'my sister', 'my brother', 'my boss', 'the landlord', 'Mr. Brown',
            'Dr. Smith', 'Alex', 'Chris', 'Julia', 'Max']

EN_TASKS = [
    ('call', EN_NAMES + ['the dentist', 'the bank', 'the plumber', 'the doctor', 'the insurance company',
                         'the school', 'the vet', 'customer support']),
    ('text', ['mom', 'Anna', 'John', 'my sister', 'the group chat', 'Mike about the keys']),
    ('email', ['Sarah', 'the landlord', 'my boss', 'the teacher', 'HR about the vacation']),
    ('buy', ['milk', 'bread', '3 apples', '2 liters of milk', 'a birthday gift for Sarah', 'flowers', 'cat food',
             'batteries', 'coffee beans', 'eggs', 'a dozen eggs', 'dog food', 'diapers', 'toothpaste', 'a new charger',
             'groceries', 'tickets for the concert', 'a cake for the party', 'a watch for dad', '5 kg of potatoes',
             'light bulbs', 'shampoo']),
    ('pick up', ['the kids', 'the package', 'the dry cleaning', 'my prescription', 'the kids from school',
                 'Emma from practice', 'the car from the garage', 'the keys from the neighbours']),
    ('pay', ['the rent', 'the electricity bill', 'the internet bill', 'my credit card', 'the parking ticket',
             'taxes', 'the nanny', 'the water bill', 'the phone bill', 'the mortgage']),
    ('check', ['the oven', 'the mail', 'my email', 'the laundry', 'the tire pressure', 'the bank balance',
               'on grandma', 'the cake in the oven', 'the results']),
    ('take', ['my pills', 'my vitamins', '2 pills', 'out the trash', 'the medicine', 'the car to the garage',
              'the dog to the vet', 'a break']),
    ('water', ['the plants', 'the garden', 'the flowers', 'the tomatoes']),
    ('feed', ['the cat', 'the dog', 'the fish', 'the baby']),
    ('book', ['a table at the restaurant', "a doctor's appointment", 'flights to Rome', 'a haircut', 'a hotel',
              'the meeting room']),
    ('send', ['the report to Anna', 'the invoice', 'the contract to the lawyer', 'photos to mom', 'my resume',
              'the meter readings', 'the slides to Tom']),
    ('submit', ['the timesheet', 'my homework', 'the expense report', 'the application']),
    ('renew', ['my passport', 'the car insurance', 'the gym membership', 'my driving license', 'the domain']),
    ('finish', ['the presentation', 'the report', 'the essay', 'chapter 3']),
    ('prepare', ['slides for the meeting', 'the documents for the visa', 'dinner', 'the speech']),
    ('go to', ['the gym', 'the pharmacy', 'the post office', 'the bank', 'the party', 'the store', 'yoga',
               'the parents meeting']),
    ('cancel', ['the Netflix subscription', 'the gym membership', 'the hotel booking']),
    ('return', ['the library books', 'the jacket', 'the drill to Mike']),
    ('make', ['breakfast', 'lunch for the kids', 'a doctor appointment', 'dinner reservations']),
    ('turn off', ['the oven', 'the stove', 'the iron', 'the heater']),
    ('clean', ['the kitchen', 'the bathroom', 'the fridge']),
    ('reply to', ["Mike's email", 'the client', 'the landlord']),
    ('congratulate', ['Sarah', 'mom on her birthday', 'the team']),
    ('order', ['pizza', 'a taxi to the airport', 'groceries', 'flowers for Kate']),
]

EN_PHRASES = [
    # texts with meal and period words after the time (rules 17 and 19 words as text)
    'review the week', 'plan next week', 'plan the weekend', 'prep meals for the week', 'weekly report',
    'lunch with Sam', "lunch at grandma's", 'dinner with the Browns', 'sum up the month', 'set goals for the week',
    'write the weekly update', 'order lunch for the team', 'brunch with Kate', 'map out the month',
    'take out the trash', 'walk the dog', 'do laundry', 'vacuum the living room', 'charge the laptop',
    'back up my phone', 'watch the match', 'meeting with John', 'dentist appointment', 'team standup',
    "mom's birthday", 'yoga class', 'stretch', 'drink water', 'leave for the airport', 'move the car',
    'pack lunch for the kids', 'start the dishwasher', 'change the password', 'read chapter 5', 'run 5 km',
    'do 30 push-ups', 'get gas', 'get a haircut', 'get the mail', 'study for the exam', 'wash the car',
    'iron my shirt', 'pack the suitcase', 'bring an umbrella', 'join the call', 'follow up with the client',
    'schedule the meeting with Anna', 'print the tickets', 'the morning paper', 'breakfast with Anna',
    'lunch with the team', 'dinner at grandma', 'evening walk', 'go to bed', 'wake up the kids',
]

EN_LONG_TAILS = ['and ask about the visa documents', 'and tell them I will be late', 'and buy bread on the way',
                 'before the store closes', 'because she asked me to', 'and then pick up the kids',
                 'and check the address', 'that I promised last week', "and don't forget the receipt",
                 'and remind him about the money', 'so that I am not late', 'if she does not answer, text her']

# ---------------------------------------------------------------------------------------------
# Triggers, fillers, connectors (see CONVENTIONS.md, Reminder text)

RU_PREFIX_FILLERS = ['ну', 'короче', 'слушай', 'эй', 'ок', 'ну короче', 'слушай,', 'эй,', 'пожалуйста', 'плз', 'ок,']
RU_SUFFIX_FILLERS = ['пожалуйста', 'плз', 'пж', 'ок', 'окей']
EN_PREFIX_FILLERS = ['hey', 'ok', 'so', 'please', 'hey,', 'ok so', 'okay', 'pls', 'so,', 'hey bot,']
EN_SUFFIX_FILLERS = ['please', 'pls', 'ok', 'thanks']

RU_CONNECTORS = ['что', 'что надо', 'о том что', 'про', 'что нужно', 'чтобы']
EN_CONNECTORS_TO = ['to']
EN_CONNECTORS = ['about', 'that']

# ---------------------------------------------------------------------------------------------
# Cities and zones

# (nominative, prepositional "в ...", accusative "в ...", IANA)
RU_CITIES = [
    ('Берлин', 'Берлине', 'Берлин', 'Europe/Berlin'), ('Лондон', 'Лондоне', 'Лондон', 'Europe/London'),
    ('Токио', 'Токио', 'Токио', 'Asia/Tokyo'), ('Париж', 'Париже', 'Париж', 'Europe/Paris'),
    ('Нью-Йорк', 'Нью-Йорке', 'Нью-Йорк', 'America/New_York'), ('Москва', 'Москве', 'Москву', 'Europe/Moscow'),
    ('Екатеринбург', 'Екатеринбурге', 'Екатеринбург', 'Asia/Yekaterinburg'),
    ('Новосибирск', 'Новосибирске', 'Новосибирск', 'Asia/Novosibirsk'),
    ('Владивосток', 'Владивостоке', 'Владивосток', 'Asia/Vladivostok'),
    ('Калининград', 'Калининграде', 'Калининград', 'Europe/Kaliningrad'), ('Самара', 'Самаре', 'Самару', 'Europe/Samara'),
    ('Казань', 'Казани', 'Казань', 'Europe/Moscow'), ('Омск', 'Омске', 'Омск', 'Asia/Omsk'),
    ('Иркутск', 'Иркутске', 'Иркутск', 'Asia/Irkutsk'), ('Дубай', 'Дубае', 'Дубай', 'Asia/Dubai'),
    ('Стамбул', 'Стамбуле', 'Стамбул', 'Europe/Istanbul'), ('Тбилиси', 'Тбилиси', 'Тбилиси', 'Asia/Tbilisi'),
    ('Ереван', 'Ереване', 'Ереван', 'Asia/Yerevan'), ('Алматы', 'Алматы', 'Алматы', 'Asia/Almaty'),
    ('Минск', 'Минске', 'Минск', 'Europe/Minsk'), ('Рим', 'Риме', 'Рим', 'Europe/Rome'),
    ('Мадрид', 'Мадриде', 'Мадрид', 'Europe/Madrid'), ('Бангкок', 'Бангкоке', 'Бангкок', 'Asia/Bangkok'),
    ('Лиссабон', 'Лиссабоне', 'Лиссабон', 'Europe/Lisbon'), ('Белград', 'Белграде', 'Белград', 'Europe/Belgrade'),
    ('Хабаровск', 'Хабаровске', 'Хабаровск', 'Asia/Vladivostok'), ('Сочи', 'Сочи', 'Сочи', 'Europe/Moscow'),
]
EN_CITIES = [('Berlin', 'Europe/Berlin'), ('London', 'Europe/London'), ('Tokyo', 'Asia/Tokyo'),
             ('Paris', 'Europe/Paris'), ('New York', 'America/New_York'), ('Moscow', 'Europe/Moscow'),
             ('Madrid', 'Europe/Madrid'), ('Rome', 'Europe/Rome'), ('Dubai', 'Asia/Dubai'),
             ('Los Angeles', 'America/Los_Angeles'), ('Chicago', 'America/Chicago'), ('Sydney', 'Australia/Sydney'),
             ('Istanbul', 'Europe/Istanbul'), ('Warsaw', 'Europe/Warsaw'), ('Singapore', 'Asia/Singapore'),
             ('Toronto', 'America/Toronto'), ('Lisbon', 'Europe/Lisbon'), ('Bangkok', 'Asia/Bangkok'),
             ('Yekaterinburg', 'Asia/Yekaterinburg'), ('Novosibirsk', 'Asia/Novosibirsk'),
             ('Vladivostok', 'Asia/Vladivostok'), ('Amsterdam', 'Europe/Amsterdam'), ('Denver', 'America/Denver'),
             ('San Francisco', 'America/Los_Angeles'), ('Tbilisi', 'Asia/Tbilisi')]
IANA = sorted({c[3] for c in RU_CITIES} | {c[1] for c in EN_CITIES} | {'UTC', 'Europe/Kyiv', 'Asia/Shanghai'})

# Zones attached to a time (CONVENTIONS rule 9)
RU_TIME_ZONES = ['по мск', 'по Москве', 'MSK', 'мск', 'по МСК', 'UTC', 'GMT', 'UTC+3', 'GMT-5', 'UTC+5', 'GMT+2',
                 'по Берлину', 'по Екатеринбургу', 'по Новосибирску', 'по Владивостоку', 'по Лондону', 'по UTC',
                 'по Токио', 'по Нью-Йорку']
EN_TIME_ZONES = ['Moscow time', 'MSK', 'UTC', 'GMT', 'UTC+3', 'GMT-5', 'UTC-4', 'GMT+1', 'Berlin time', 'London time',
                 'Tokyo time', 'New York time', 'utc', 'msk']

# Generic verbs and objects, combined freely (25% of tasks) so that unseen verbs after a time
# expression are still read as text.
RU_VERBS = ['снять', 'поставить', 'убрать', 'помыть', 'почистить', 'постирать', 'погладить', 'зашить', 'починить',
            'собрать', 'разобрать', 'перевести', 'перевезти', 'передать', 'занести', 'отнести', 'принести',
            'привезти', 'взять', 'положить', 'повесить', 'открыть', 'закрыть', 'включить', 'зарядить',
            'распечатать', 'отсканировать', 'подписать', 'заполнить', 'продлить', 'обновить', 'скачать',
            'установить', 'перезвонить', 'уточнить', 'спросить', 'узнать', 'подтвердить', 'сдать', 'получить',
            'оформить', 'подать', 'записать', 'посчитать', 'посмотреть', 'прочитать', 'выучить', 'повторить',
            'съездить', 'заехать', 'зайти', 'забежать', 'навестить', 'помочь', 'подарить', 'пригласить',
            'предупредить', 'сообщить', 'ответить', 'переслать', 'загрузить', 'выложить', 'пополнить', 'обменять',
            'разморозить', 'заморозить', 'сварить', 'пожарить', 'испечь', 'нарезать', 'замариновать', 'вынуть',
            'достать', 'переложить', 'подкормить', 'пересадить', 'вычесать', 'искупать', 'уложить', 'разбудить',
            'привести', 'поменять', 'заменить', 'накачать', 'пропылесосить', 'протереть', 'спрятать', 'найти',
            'поискать', 'обсудить', 'согласовать', 'проверить', 'забрать', 'отвезти', 'купить', 'заказать',
            'вернуть', 'отправить', 'оплатить', 'посолить', 'помешать', 'слить', 'выпустить', 'запустить',
            'остановить', 'отключить', 'перенести', 'отменить', 'удалить']
RU_OBJECTS = ['чайник', 'кастрюлю с плиты', 'деньги с карты', 'показания счетчиков', 'белье', 'ковер', 'посуду',
              'машину', 'документы', 'паспорт', 'справку', 'договор', 'заявление', 'счет', 'квитанцию', 'ключи',
              'куртку', 'зонт', 'ноутбук', 'телефон', 'зарядку', 'лекарства', 'продукты', 'подарок', 'цветы',
              'билеты', 'книгу', 'фильм', 'новую серию', 'урок', 'пароль', 'приложение', 'обновление', 'фото',
              'видео', 'письмо', 'сообщение', 'отчет', 'таблицу', 'мясо', 'курицу', 'пирог', 'суп', 'кашу', 'рис',
              'тесто', 'белье из машинки', 'пиццу из духовки', 'торт', 'деньги маме', 'ребенка', 'кота', 'рассаду',
              'шторы', 'окна', 'обувь', 'велосипед', 'шины', 'воду из ванны', 'стирку', 'посудомойку', 'бойлер',
              'роутер', 'сервер', 'бэкап', 'заказ', 'посылку', 'пакет', 'коробки', 'мебель', 'картину', 'полку',
              'лампу', 'кран', 'дверь', 'замок', 'маме деньги', 'Олегу документы', 'Кате ключи', '3 коробки',
              '2 пакета', 'все счета', 'старые вещи', 'карту', 'визу', 'страховку', 'анкету', 'рецепт', 'талон']
EN_VERBS = ['take off', 'put away', 'wash', 'clean', 'fix', 'repair', 'bring', 'carry', 'move', 'hang', 'open',
            'close', 'lock', 'unlock', 'charge', 'print', 'scan', 'sign', 'fill out', 'renew', 'update', 'download',
            'install', 'call back', 'ask', 'confirm', 'hand in', 'collect', 'apply for', 'write down', 'count',
            'watch', 'read', 'learn', 'review', 'visit', 'help', 'invite', 'warn', 'tell', 'answer', 'forward',
            'upload', 'post', 'top up', 'exchange', 'defrost', 'freeze', 'boil', 'fry', 'bake', 'cut', 'marinate',
            'take out', 'get', 'grab', 'replant', 'brush', 'bathe', 'wake up', 'change', 'replace', 'pump up',
            'vacuum', 'hide', 'find', 'look for', 'discuss', 'approve', 'check', 'pick up', 'drop off', 'buy',
            'order', 'return', 'send', 'pay', 'stir', 'drain', 'start', 'stop', 'unplug', 'restart', 'turn on']
EN_OBJECTS = ['the kettle', 'the pot off the stove', 'cash from the ATM', 'the meter readings', 'the laundry',
              'the carpet', 'the dishes', 'the car', 'the documents', 'my passport', 'the certificate', 'the contract',
              'the form', 'the bill', 'the receipt', 'the keys', 'my jacket', 'an umbrella', 'the laptop',
              'my phone', 'the charger', 'the medicine', 'the groceries', 'the present', 'the flowers',
              'the tickets', 'the book', 'the movie', 'the new episode', 'the lesson', 'the password', 'the app',
              'the photos', 'the video', 'the letter', 'the report', 'the spreadsheet', 'the chicken', 'the pie',
              'the soup', 'the rice', 'the dough', 'the pizza out of the oven', 'the cake', 'money to mom',
              'the kids', 'the cat', 'the seedlings', 'the curtains', 'the windows', 'my shoes', 'the bike',
              'the tires', 'the bath', 'the dishwasher', 'the boiler', 'the router', 'the server', 'the backup',
              'the order', 'the parcel', 'the boxes', 'the shelf', 'the lamp', 'the tap', 'the door', '3 boxes',
              '2 bags', 'all the bills', 'old clothes', 'the card', 'the visa', 'the insurance', 'the prescription']

RU_VERBS += [
    'выкинуть', 'выбросить', 'нагреть', 'остудить', 'проветрить', 'побриться', 'вытащить', 'подстричь', 'постричь',
    'зажечь', 'сжечь', 'погасить', 'потушить', 'развесить', 'сложить', 'упаковать', 'распаковать', 'отпарить',
    'накрыть', 'убраться', 'подмести', 'вымыть', 'отмыть', 'отстирать', 'замочить', 'вытереть', 'пришить',
    'подшить', 'заклеить', 'покрасить', 'прибить', 'просверлить', 'сменить', 'продать', 'выставить', 'арендовать',
    'переехать', 'подключить', 'настроить', 'перезагрузить', 'отписаться', 'подписаться', 'зарегистрироваться',
    'активировать', 'сохранить', 'скопировать', 'переименовать', 'отредактировать', 'дописать', 'переписать',
    'перепроверить', 'спланировать', 'составить', 'обдумать', 'решить', 'выбрать', 'сравнить', 'подсчитать',
    'оценить', 'созвониться', 'списаться', 'договориться', 'встретиться', 'увидеться', 'пообедать', 'поужинать',
    'позавтракать', 'перекусить', 'выспаться', 'отдохнуть', 'прогуляться', 'пробежаться', 'потянуться', 'умыться',
    'причесаться', 'одеться', 'переодеться', 'собраться', 'выехать', 'выдвинуться', 'вызвать', 'доехать',
    'заправиться', 'припарковаться', 'отогнать', 'пригнать', 'посадить', 'прополоть', 'подвязать', 'обрезать',
    'опрыскать', 'удобрить', 'закатать', 'засолить', 'отварить', 'запечь', 'намазать', 'налить', 'насыпать',
    'подогреть', 'разогреть', 'размешать', 'взбить', 'процедить', 'промыть', 'замесить', 'раскатать', 'выгладить',
    'подготовиться', 'прорепетировать', 'потренироваться', 'позаниматься', 'поиграть', 'порисовать', 'почитать',
    'послушать', 'досмотреть', 'дочитать', 'напечатать', 'показать', 'рассказать', 'объяснить', 'поблагодарить',
    'извиниться', 'пожаловаться', 'попросить', 'предложить', 'уговорить', 'отказаться', 'согласиться',
    'отпроситься', 'отследить', 'вынести', 'внести', 'пройти', 'дойти', 'выйти', 'прийти', 'уйти', 'подвезти',
    'завезти', 'развезти', 'стеречь', 'беречь', 'отвлечь', 'увлечь', 'лечь', 'испечь', 'помочь', 'запереть',
    'растереть', 'стереть', 'протереть', 'натереть', 'отпереть', 'нести', 'везти', 'пасти', 'мести',
]
RU_PLACES = ['в офисе', 'на работе', 'в школе', 'на даче', 'в банке', 'в центре', 'у мамы', 'в гараже',
             'на балконе', 'в ванной', 'на кухне', 'в храме', 'в садике', 'в подъезде', 'во дворе', 'в машине',
             'у соседей', 'на складе', 'в аптеке на углу', 'на рынке']
EN_VERBS += [
    'toss', 'rinse', 'fold', 'sweep', 'mow', 'trim', 'polish', 'recycle', 'iron', 'wipe', 'scrub', 'dust', 'mop',
    'tidy up', 'organize', 'sort', 'declutter', 'pack', 'unpack', 'wrap', 'label', 'measure', 'paint', 'drill',
    'assemble', 'mount', 'plug in', 'reboot', 'archive', 'delete', 'rename', 'save', 'edit', 'proofread',
    'rewrite', 'draft', 'outline', 'plan', 'schedule', 'reschedule', 'verify', 'compare', 'research', 'look up',
    'sign up for', 'register for', 'subscribe to', 'unsubscribe from', 'donate', 'transfer', 'deposit', 'withdraw',
    'sell', 'refund', 'claim', 'file', 'fax', 'photocopy', 'laminate', 'shred', 'ship', 'mail', 'deliver',
    'fetch', 'load', 'unload', 'park', 'refuel', 'inflate', 'service', 'test', 'try', 'taste', 'cook', 'roast',
    'grill', 'steam', 'microwave', 'heat', 'reheat', 'chill', 'thaw', 'season', 'whisk', 'knead', 'chop', 'slice',
    'dice', 'peel', 'grate', 'mix', 'serve', 'bathe', 'groom', 'plant', 'weed', 'prune', 'harvest', 'fertilize',
    'spray', 'rake', 'shovel', 'practice', 'rehearse', 'train for', 'meditate', 'nap', 'rest', 'shower', 'shave',
    'floss', 'dress', 'head out', 'leave for', 'arrive at', 'meet', 'greet', 'thank', 'apologize to', 'host',
    'celebrate', 'negotiate', 'pitch', 'present', 'interview', 'hire', 'water', 'feed', 'walk', 'hem', 'sew',
    'glue', 'sand', 'varnish', 'seal', 'stack', 'hang up', 'put up', 'take down', 'set up', 'clear out',
]
EN_PLACES = ['at the office', 'at work', 'at school', 'in the garage', 'on the balcony', 'in the kitchen',
             "at mom's", 'downtown', 'in the basement', 'at the church', 'at the daycare', 'in the car',
             'at the warehouse', 'at the market', 'in the backyard']

# Past tense forms for "other" statements (things already done): the verb form, not the time
# words, tells a statement from a request.
EN_PAST_VERBS = ['bought', 'called', 'fixed', 'cleaned', 'washed', 'sent', 'paid', 'picked up', 'took', 'watered',
                 'fed', 'booked', 'finished', 'prepared', 'went to', 'returned', 'made', 'turned off', 'replied to',
                 'ordered', 'tossed', 'rinsed', 'folded', 'mowed', 'trimmed', 'polished', 'printed', 'signed',
                 'renewed', 'visited', 'met', 'cooked', 'baked', 'sold', 'lost', 'found', 'forgot', 'broke',
                 'painted', 'moved', 'checked', 'read', 'watched', 'saw', 'wrote', 'emailed', 'texted', 'cancelled',
                 'delivered', 'brought', 'charged', 'installed', 'updated', 'passed', 'failed', 'missed']
EN_SUBJECTS = ['I', 'we', 'mom', 'John', 'my wife', 'my husband', 'the kids', 'Anna', 'my boss', 'he', 'she', 'they']
RU_SUBJECTS_M = ['я', 'муж', 'папа', 'Сергей', 'он', 'брат', 'сосед', 'Дима']
RU_SUBJECTS_F = ['я', 'мама', 'жена', 'Катя', 'она', 'сестра', 'соседка', 'Ира']

# Noun-only reminder texts ("в 9 собеседование", "standup at 10")
RU_NOUN_TASKS = [
    'собеседование', 'зарядка', 'тренировка', 'планерка', 'созвон', 'встреча', 'совещание', 'экзамен', 'зачет',
    'дедлайн', 'вебинар', 'лекция', 'семинар', 'урок', 'репетиция', 'концерт', 'спектакль', 'матч', 'бассейн',
    'йога', 'массаж', 'маникюр', 'стрижка', 'педикюр', 'прием у врача', 'стоматолог', 'окулист', 'анализы',
    'прививка', 'УЗИ', 'МРТ', 'флюорография', 'техосмотр', 'шиномонтаж', 'ТО машины', 'платеж по кредиту',
    'квартплата', 'ипотека', 'налог на машину', 'день рождения мамы', 'годовщина свадьбы', 'свадьба Лены', 'юбилей',
    'корпоратив', 'вечеринка', 'пикник', 'поход', 'рыбалка', 'баня', 'дежурство', 'смена', 'отчет', 'презентация',
    'интервью', 'переговоры', 'защита диплома', 'родительское собрание', 'утренник', 'выпускной', 'таблетки',
    'витамины', 'капли', 'уколы', 'полив цветов', 'уборка', 'стирка', 'мусор', 'поезд', 'самолет', 'вылет',
    'регистрация на рейс', 'автобус', 'электричка', 'такси', 'доставка', 'курьер', 'сантехник', 'электрик',
    'мастер', 'няня', 'репетитор', 'психолог', 'тренер', 'английский', 'испанский', 'гитара', 'фортепиано',
    'шахматы', 'футбол', 'хоккей', 'кино', 'театр', 'выставка', 'книжный клуб', 'свидание', 'обед с командой',
    'звонок клиенту', 'митап', 'ретро', 'демо', 'разбор почты', 'вынос мусора', 'оплата садика', 'пробежка',
]
EN_NOUN_TASKS = [
    'interview', 'workout', 'standup', 'meeting', 'exam', 'deadline', 'webinar', 'lecture', 'class', 'lesson',
    'rehearsal', 'concert', 'the play', 'match', 'swimming', 'yoga', 'massage', 'manicure', 'haircut',
    "doctor's appointment", 'dentist', 'eye exam', 'blood test', 'vaccination', 'MRI', 'car inspection', 'oil change',
    'loan payment', 'rent', 'mortgage', 'taxes', "mom's birthday", 'anniversary', "Lena's wedding", 'party', 'picnic',
    'hike', 'fishing', 'shift', 'report', 'presentation', 'negotiations', 'thesis defense', 'parent-teacher conference',
    'graduation', 'pills', 'vitamins', 'eye drops', 'injection', 'laundry', 'trash day', 'train', 'flight', 'check-in',
    'bus', 'taxi', 'delivery', 'courier', 'plumber', 'electrician', 'babysitter', 'tutor', 'therapist', 'coach',
    'piano lesson', 'guitar lesson', 'chess club', 'football practice', 'hockey game', 'movie night', 'theater',
    'exhibition', 'book club', 'date night', 'team lunch', '1:1 with my manager', 'sprint review', 'retro', 'demo',
    'school pickup', 'recycling day', 'vet appointment', 'daycare payment', 'run',
]
