import { checkRest, checkTable } from './testing';

/** CONVENTIONS rules 13 (more offsets) and 14 (before an anchor). Moscow "now": Thursday 2026-03-12 10:15. */

const MSK = '2026-03-12T10:15:00+03:00';

checkTable('rule 13: a couple, "спустя", "from now", "hence", quarters, fortnights', {
  now: MSK,
  tz: 'Europe/Moscow',
  rows: [
    ['через пару минут выключить плиту', '2026-03-12T10:17:00+03:00'],
    ['через пару дней забрать куртку из химчистки', '2026-03-14T10:15:00+03:00'],
    ['remind me in a couple of hours to call Bob', '2026-03-12T12:15:00+03:00'],
    ['спустя 3 часа проверить пирог', '2026-03-12T13:15:00+03:00'],
    ['3 часа спустя полить рассаду', '2026-03-12T13:15:00+03:00'],
    ['remind me 4 hours from now to stretch', '2026-03-12T14:15:00+03:00'],
    ['remind me two weeks from today to renew the lease', '2026-03-26T10:15:00+03:00'],
    ['remind me a week from now to water the cactus', '2026-03-19T10:15:00+03:00'],
    ['remind me to pay the fine 5 days hence', '2026-03-17T10:15:00+03:00'],
    ['remind me 10 minutes later to check the oven', '2026-03-12T10:25:00+03:00'],
    ['через четверть часа выйти из дома', '2026-03-12T10:30:00+03:00'],
    ['remind me in a quarter of an hour to leave', '2026-03-12T10:30:00+03:00'],
    ['через три четверти часа снять пирог', '2026-03-12T11:00:00+03:00'],
    ['in three quarters of an hour take the bread out', '2026-03-12T11:00:00+03:00'],
    ['через две недели сдать анализы', '2026-03-26T10:15:00+03:00'],
    ['remind me in a fortnight to book the car service', '2026-03-26T10:15:00+03:00'],
    // A unit the corrector leaves (under four letters), one edit from the real one.
    ['через пару днй вернуть книгу', '2026-03-14T10:15:00+03:00'],
  ],
});

checkTable('rule 13: "несколько", "a few" name no exact time', {
  now: MSK,
  tz: 'Europe/Moscow',
  rows: [
    ['через несколько минут позвонить в такси', null],
    ['напомни через несколько дней про отчет', null],
    ['remind me in a few minutes to stir the soup', null],
    ['remind me in a few days to follow up', null],
    // A range is no exact size either.
    ['через пару-тройку дней позвонить в сервис', null],
    ['через 2-3 часа проверить тесто', null],
  ],
});

checkTable('rule 13 across DST: days and weeks keep the wall clock (Berlin, spring forward 29 March)', {
  now: '2026-03-25T10:00:00+01:00',
  tz: 'Europe/Berlin',
  rows: [
    ['remind me a week from today to call the bank', '2026-04-01T10:00:00+02:00'],
    ['через пару недель продлить визу', '2026-04-08T10:00:00+02:00'],
    ['remind me in a couple of hours to eat', '2026-03-25T12:00:00+01:00'],
  ],
});

checkTable('rule 14: the anchor minus the duration', {
  now: MSK,
  tz: 'Europe/Moscow',
  rows: [
    ['напомни за час до встречи в 15:00', '2026-03-12T14:00:00+03:00'],
    ['за 2 дня до 15 марта оплатить кружок', '2026-03-13T09:00:00+03:00'],
    ['за 20 минут до 13:00 разогреть обед', '2026-03-12T12:40:00+03:00'],
    ['за полтора часа до спектакля в 19:00 выехать', '2026-03-12T17:30:00+03:00'],
    ['за неделю до 30 марта купить билеты', '2026-03-23T09:00:00+03:00'],
    ['remind me 30 minutes before the 7pm train', '2026-03-12T18:30:00+03:00'],
    ['remind me an hour before the meeting at 3 pm', '2026-03-12T14:00:00+03:00'],
    ['remind me to pack 2 days before march 20', '2026-03-18T09:00:00+03:00'],
    ['remind me a week before april 2 to send invites', '2026-03-26T09:00:00+03:00'],
  ],
});

checkTable('rule 14: a passed due moves the anchor by its own rule, or asks', {
  now: MSK,
  tz: 'Europe/Moscow',
  rows: [
    // A time of day with no day named: tomorrow (rule 5).
    ['за 10 минут до 10:20 выйти на созвон', '2026-03-13T10:10:00+03:00'],
    ['remind me an hour before 11am to prepare', '2026-03-13T10:00:00+03:00'],
    // A weekday: a week later (rule 6). Friday 09:00 minus a day is already past.
    ['за день до пятницы забрать справку', '2026-03-19T09:00:00+03:00'],
    // A date: a year later (rule 8).
    ['за 3 дня до 13 марта заказать торт', '2027-03-10T09:00:00+03:00'],
    // A day word does not move: ask.
    ['за 2 часа до сегодняшнего созвона сегодня в 11:00', null],
  ],
});

checkTable('rule 14 across DST: minutes exact, days on the wall clock (Berlin, 29 March)', {
  now: '2026-03-28T12:00:00+01:00',
  tz: 'Europe/Berlin',
  rows: [
    ['за 3 часа до 8 утра в воскресенье включить отопление', '2026-03-29T05:00:00+02:00'],
    ['за 8 часов до 8 утра в воскресенье выключить сервер', '2026-03-28T23:00:00+01:00'],
    ['remind me 2 days before march 31 at 10am to pay', '2026-03-29T10:00:00+02:00'],
  ],
});

checkTable('rule 14 at a month end: a day before the 1st is the last day of the month before', {
  now: '2026-02-20T12:00:00+03:00',
  tz: 'Europe/Moscow',
  rows: [
    ['за день до 1 марта поздравить коллег', '2026-02-28T09:00:00+03:00'],
    ['remind me 2 days before march 1 to order flowers', '2026-02-27T09:00:00+03:00'],
  ],
});

checkRest('rules 13–14: the durations, connectors and anchors leave the text', [
  ['напомни за час до встречи в 15:00', 'напомни встречи'],
  ['напомни за 2 дня до 15 марта оплатить кружок', 'напомни оплатить кружок'],
  ['remind me 15 minutes before the call at 11am', 'remind me the call'],
  ['remind me to pack a day before march 20', 'remind me to pack'],
  ['remind me to pay the fine 5 days hence', 'remind me to pay the fine'],
  ['remind me two weeks from today to renew the lease', 'remind me to renew the lease'],
  ['напомни через несколько минут выключить утюг', 'напомни выключить утюг'],
]);
