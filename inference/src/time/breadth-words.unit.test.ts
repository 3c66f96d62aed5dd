import { checkRest, checkTable } from './testing';

/** CONVENTIONS rules 15 (English hour phrases), 16 (abbreviated and bare names), 17 (nights, weekends, meals). */

const MSK = '2026-03-12T10:15:00+03:00'; // Thursday

checkTable('rule 15: English hour phrases and clock times in words', {
  now: MSK,
  tz: 'Europe/Moscow',
  rows: [
    ['remind me at 3 in the morning to check the server', '2026-03-13T03:00:00+03:00'],
    ['remind me at 6 in the evening to call grandma', '2026-03-12T18:00:00+03:00'],
    ['remind me at 5 in the afternoon to walk the dog', '2026-03-12T17:00:00+03:00'],
    ['remind me at 11 at night to lock the door', '2026-03-12T23:00:00+03:00'],
    ['remind me at 1 at night to feed the baby', '2026-03-13T01:00:00+03:00'],
    ['remind me at 12 at night to switch the heating off', '2026-03-13T00:00:00+03:00'],
    ['remind me at midday to eat', '2026-03-12T12:00:00+03:00'],
    ['remind me tomorrow at midday to call the vet', '2026-03-13T12:00:00+03:00'],
    ['remind me ten forty five to join the call', '2026-03-12T10:45:00+03:00'],
    ['remind me twelve oh three to stretch', '2026-03-12T12:03:00+03:00'],
    ['remind me nine twenty to buy bread', '2026-03-12T21:20:00+03:00'],
    // With no "at": the phrase still marks the hour.
    ['remind me 3 in the morning to check the build', '2026-03-13T03:00:00+03:00'],
    ['6 in the evening call mom', '2026-03-12T18:00:00+03:00'],
    // Quarters around noon and midnight.
    ['remind me at quarter past noon to eat', '2026-03-12T12:15:00+03:00'],
    ['remind me quarter to noon to leave', '2026-03-12T11:45:00+03:00'],
    ['remind me ten to midnight to log off', '2026-03-12T23:50:00+03:00'],
    // Bare parts of day with no day named follow rule 2.
    ['remind me evening to call the plumber', '2026-03-12T19:00:00+03:00'],
    ['remind me morning to water the plants', '2026-03-13T09:00:00+03:00'],
    ['call the garage this afternoon', '2026-03-12T13:00:00+03:00'],
    ['remind me to say good morning', null],
  ],
});

checkTable('rule 16: abbreviated and bare weekdays (rule 6: strictly after today)', {
  now: MSK,
  tz: 'Europe/Moscow',
  rows: [
    ['пн в 10 планерка', '2026-03-16T10:00:00+03:00'],
    ['напомни вт 9:00 сдать отчет', '2026-03-17T09:00:00+03:00'],
    ['чт в 8 вечера позвонить тренеру', '2026-03-19T20:00:00+03:00'],
    ['в сб. забрать заказ', '2026-03-14T09:00:00+03:00'],
    ['суббота 11:00 футбол', '2026-03-14T11:00:00+03:00'],
    ['Понедельник в 9 созвон с командой', '2026-03-16T09:00:00+03:00'],
    ['remind me fri at 5pm to submit the timesheet', '2026-03-13T17:00:00+03:00'],
    ['Tues 10am dentist', '2026-03-17T10:00:00+03:00'],
    ['remind me thur. at 4pm to call Ann', '2026-03-19T16:00:00+03:00'],
    ['remind me on sat to buy milk', '2026-03-14T09:00:00+03:00'],
    ['sun at 10 call mom', '2026-03-15T10:00:00+03:00'],
    ['remind me next wed to pay rent', '2026-03-18T09:00:00+03:00'],
    // An abbreviation that is also a word is text away from other time words.
    ['remind me to buy sun cream', null],
  ],
});

checkTable('rule 16: abbreviated months and ordinal day forms (rule 8)', {
  now: MSK,
  tz: 'Europe/Moscow',
  rows: [
    ['3 апр. позвонить в банк', '2026-04-03T09:00:00+03:00'],
    ['5 сент оплатить страховку', '2026-09-05T09:00:00+03:00'],
    ['3-его апреля позвонить бабушке', '2026-04-03T09:00:00+03:00'],
    ['2-го мар. сдать отчет', '2027-03-02T09:00:00+03:00'],
    ['remind me on the 3rd of Apr to renew', '2026-04-03T09:00:00+03:00'],
    ['remind me Apr. 3rd to renew', '2026-04-03T09:00:00+03:00'],
    ['remind me on 14 jun to book the hotel', '2026-06-14T09:00:00+03:00'],
  ],
});

checkTable('rule 17: nights (read as "this": today counts while 23:00 is ahead)', {
  now: MSK,
  tz: 'Europe/Moscow',
  rows: [
    ['в ночь с субботы на воскресенье обновить сервер', '2026-03-14T23:00:00+03:00'],
    ['в ночь с четверга на пятницу сделать бэкап', '2026-03-12T23:00:00+03:00'],
    ['remind me the night of Saturday to put the bins out', '2026-03-14T23:00:00+03:00'],
  ],
});

checkTable('rule 17: a night already passed today is a week later', {
  now: '2026-03-12T23:30:00+03:00',
  tz: 'Europe/Moscow',
  rows: [['в ночь с четверга на пятницу сделать бэкап', '2026-03-19T23:00:00+03:00']],
});

checkTable('rule 17: weekends and meals', {
  now: MSK,
  tz: 'Europe/Moscow',
  rows: [
    ['на выходных помыть окна', '2026-03-14T09:00:00+03:00'],
    ['в эти выходные съездить к родителям', '2026-03-14T09:00:00+03:00'],
    ['remind me this weekend at 11 to fix the shelf', '2026-03-14T11:00:00+03:00'],
    ['remind me on the weekend to call Tom', '2026-03-14T09:00:00+03:00'],
    ['на выходных в 3 погулять с собакой', '2026-03-14T15:00:00+03:00'],
    ['в обед позвонить маме', '2026-03-12T13:00:00+03:00'],
    ['к обеду отправить счет', '2026-03-12T13:00:00+03:00'],
    ['завтра к обеду забрать документы', '2026-03-13T13:00:00+03:00'],
    ['remind me at lunch to call the bank', '2026-03-12T13:00:00+03:00'],
    ['remind me at lunchtime to buy a card', '2026-03-12T13:00:00+03:00'],
    ['к вечеру купить хлеб', '2026-03-12T19:00:00+03:00'],
    ['к утру подготовить отчет', '2026-03-13T09:00:00+03:00'],
  ],
});

checkTable('rule 17: a weekend said on Sunday is today while the time is ahead, else next Saturday', {
  now: '2026-03-15T10:00:00+03:00',
  tz: 'Europe/Moscow',
  rows: [
    ['на выходных в 12 позвонить брату', '2026-03-15T12:00:00+03:00'],
    ['на выходных разобрать шкаф', '2026-03-21T09:00:00+03:00'],
  ],
});

checkTable('rule 17 across DST: a weekend on the night the clocks go back (Berlin, 25 October)', {
  now: '2026-10-24T10:00:00+02:00',
  tz: 'Europe/Berlin',
  rows: [
    ['remind me this weekend at 9 to run', '2026-10-25T09:00:00+01:00'],
    ['в ночь с субботы на воскресенье обновить прошивку', '2026-10-24T23:00:00+02:00'],
  ],
});

checkRest('rules 15–17: the new time words and dots leave the text', [
  ['remind me thurs. at 2pm to call the school', 'remind me to call the school'],
  ['напомни пт 18:00 забрать велосипед', 'напомни забрать велосипед'],
  ['3 мар. оплатить налог', 'оплатить налог'],
  ['в ночь с пятницы на субботу выкатить релиз', 'выкатить релиз'],
  ['к вечеру купить продукты', 'купить продукты'],
  ['remind me ten thirty to join the review', 'remind me to join the review'],
  ['remind me to buy sun cream', 'remind me to buy sun cream'],
  ['remind me tomorrow to buy the morning paper', 'remind me to buy the morning paper'],
  ['remind me tomorrow to say good morning to Liz', 'remind me to say good morning to Liz'],
  // "его" is an ordinal suffix only after a hyphen.
  ['напомни завтра позвонить 3 его друзьям', 'напомни позвонить 3 его друзьям'],
]);
