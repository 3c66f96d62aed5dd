import { checkRest, checkTable } from './testing';

/**
 * Rule 19 generalised: an end named by a weekday ("до пятницы", "until fri": rule 6's day, its
 * whole local day included), counts on weekly rules, and rule 13's fractional weeks ("полторы
 * недели", "1.5 weeks", "a week and a half" = 10 days on the wall clock and 12 hours).
 */

const THU = '2026-04-09T11:40:00+03:00'; // Thursday

checkTable('rule 19: an end weekday is rule 6’s day, to its last second (Moscow)', {
  now: THU,
  tz: 'Europe/Moscow',
  rows: [
    ['каждый день до пятницы делать растяжку', '2026-04-10T09:00:00+03:00', 'FREQ=DAILY;UNTIL=20260410T205959Z'],
    ['ежедневно до понедельника в 20:00 поливать рассаду', '2026-04-09T20:00:00+03:00', 'FREQ=DAILY;UNTIL=20260413T205959Z'],
    ['каждое утро до воскресенья пить воду натощак', '2026-04-10T09:00:00+03:00', 'FREQ=DAILY;UNTIL=20260412T205959Z'],
    // "до четверга" on a Thursday: next week's Thursday (rule 6, strictly after today).
    ['каждый вечер до четверга учить слова', '2026-04-09T19:00:00+03:00', 'FREQ=DAILY;UNTIL=20260416T205959Z'],
    ['каждый день до этой субботы в 8 бегать', '2026-04-10T08:00:00+03:00', 'FREQ=DAILY;UNTIL=20260411T205959Z'],
    ['каждые 3 часа до пт проверять тесто', '2026-04-09T14:40:00+03:00', 'FREQ=HOURLY;INTERVAL=3;UNTIL=20260410T205959Z'],
    ['remind me every day until saturday to feed the neighbour’s cat', '2026-04-10T09:00:00+03:00', 'FREQ=DAILY;UNTIL=20260411T205959Z'],
    ['every evening till tue remind me to pack', '2026-04-09T19:00:00+03:00', 'FREQ=DAILY;UNTIL=20260414T205959Z'],
    [
      'remind me on weekdays at 7 until next wednesday to take the early train',
      '2026-04-10T07:00:00+03:00',
      'FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR;UNTIL=20260415T205959Z',
    ],
    // With no recurrence, "до пятницы" is that Friday itself.
    ['до пятницы отправить договор', '2026-04-10T09:00:00+03:00'],
  ],
});

checkTable('rule 19: an end weekday west of UTC ends on the next UTC day (Los Angeles)', {
  now: '2026-04-09T11:40:00-07:00',
  tz: 'America/Los_Angeles',
  rows: [['remind me every day at 6pm until sunday to log my steps', '2026-04-09T18:00:00-07:00', 'FREQ=DAILY;UNTIL=20260413T065959Z']],
});

checkTable('rule 19: counts on a weekly rule', {
  now: THU,
  tz: 'Europe/Moscow',
  rows: [
    ['по пятницам 4 раза сдавать отчёт', '2026-04-10T09:00:00+03:00', 'FREQ=WEEKLY;BYDAY=FR;COUNT=4'],
    ['каждый вторник 2 раза в 19:00 йога', '2026-04-14T19:00:00+03:00', 'FREQ=WEEKLY;BYDAY=TU;COUNT=2'],
    ['every saturday 6 times remind me to clean the aquarium', '2026-04-11T09:00:00+03:00', 'FREQ=WEEKLY;BYDAY=SA;COUNT=6'],
    ['в последнюю пятницу месяца 3 раза платить взнос', '2026-04-24T09:00:00+03:00', 'FREQ=MONTHLY;BYDAY=-1FR;COUNT=3'],
  ],
});

checkTable('rule 19: the end of the current week, month or year (today counts); the next N days as a count', {
  now: THU,
  tz: 'Europe/Moscow',
  rows: [
    ['каждую среду до конца месяца в 19:00 хор', '2026-04-15T19:00:00+03:00', 'FREQ=WEEKLY;BYDAY=WE;UNTIL=20260430T205959Z'],
    ['каждый день до конца недели делать планку', '2026-04-10T09:00:00+03:00', 'FREQ=DAILY;UNTIL=20260412T205959Z'],
    ['по будням до конца этого месяца в 8 планёрка', '2026-04-10T08:00:00+03:00', 'FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR;UNTIL=20260430T205959Z'],
    ['remind me every sunday until the end of the year to call dad', '2026-04-12T09:00:00+03:00', 'FREQ=WEEKLY;BYDAY=SU;UNTIL=20261231T205959Z'],
    ['every evening till end of the month remind me to journal', '2026-04-09T19:00:00+03:00', 'FREQ=DAILY;UNTIL=20260430T205959Z'],
    ['каждый день в ближайшие 4 дня мерить давление', '2026-04-10T09:00:00+03:00', 'FREQ=DAILY;COUNT=4'],
    ['каждое утро в течение следующих 2 недель зарядка', '2026-04-10T09:00:00+03:00', 'FREQ=DAILY;COUNT=14'],
    ['remind me every day for the next 6 days to water the lawn', '2026-04-10T09:00:00+03:00', 'FREQ=DAILY;COUNT=6'],
    ['every night over the next week remind me to lock the shed', '2026-04-09T23:00:00+03:00', 'FREQ=DAILY;COUNT=7'],
    // With no recurrence the end of a period names no time: ask.
    ['закрыть квартальный отчёт до конца месяца', null],
  ],
});

checkTable('rule 18: ordinals in digits ("1-ю", "1-й", "1st") as ordinal weekdays of the month', {
  now: THU,
  tz: 'Europe/Moscow',
  rows: [
    ['каждую 1-ю субботу месяца в 11 субботник', '2026-05-02T11:00:00+03:00', 'FREQ=MONTHLY;BYDAY=1SA'],
    ['во 2-й четверг месяца в 15:00 аудит', '2026-04-09T15:00:00+03:00', 'FREQ=MONTHLY;BYDAY=2TH'],
    ['в 4-ю пятницу месяца сверка', '2026-04-24T09:00:00+03:00', 'FREQ=MONTHLY;BYDAY=4FR'],
    ['remind me on the 3rd wednesday of every month to renew the pass', '2026-04-15T09:00:00+03:00', 'FREQ=MONTHLY;BYDAY=3WE'],
    ['every 1st sunday of the month at 8pm review the budget', '2026-05-03T20:00:00+03:00', 'FREQ=MONTHLY;BYDAY=1SU'],
  ],
});

checkTable('rule 13: fractional weeks — 10 days on the wall clock and 12 hours; a time given falls on that day', {
  now: THU,
  tz: 'Europe/Moscow',
  rows: [
    ['через полторы недели забрать паспорт', '2026-04-19T23:40:00+03:00'],
    ['через 1.5 недели забрать паспорт', '2026-04-19T23:40:00+03:00'],
    ['через 1,5 недели забрать паспорт', '2026-04-19T23:40:00+03:00'],
    ['полторы недели спустя проверить посылку', '2026-04-19T23:40:00+03:00'],
    ['in a week and a half renew the parking permit', '2026-04-19T23:40:00+03:00'],
    ['in 1.5 weeks renew the parking permit', '2026-04-19T23:40:00+03:00'],
    ['через полторы недели в 10 утра забрать паспорт', '2026-04-19T10:00:00+03:00'],
    ['in a week and a half at 6pm call the landlord', '2026-04-19T18:00:00+03:00'],
    ['через две с половиной недели сдать проект', '2026-04-26T23:40:00+03:00'],
    ['через полнедели вернуть книгу', '2026-04-12T23:40:00+03:00'],
    ['in half a week return the library book', '2026-04-12T23:40:00+03:00'],
  ],
});

checkTable('rule 13 across DST: 1.5 weeks keeps the wall clock for the days (Berlin, 29 March)', {
  now: '2026-03-24T08:00:00+01:00',
  tz: 'Europe/Berlin',
  rows: [['через полторы недели продлить абонемент', '2026-04-03T20:00:00+02:00']],
});

checkRest('rule 19: an end weekday and a fractional week leave the text', [
  ['каждый день до пятницы делать растяжку', 'делать растяжку'],
  ['remind me every day until saturday to feed the cat', 'remind me to feed the cat'],
  ['через полторы недели забрать паспорт', 'забрать паспорт'],
  ['in a week and a half renew the permit', 'renew the permit'],
  ['каждую среду до конца месяца петь в хоре', 'петь в хоре'],
  ['remind me every day for the next 6 days to water the lawn', 'remind me to water the lawn'],
  // With no recurrence "до конца месяца" stays in the text.
  ['закрыть отчет до конца месяца', 'закрыть отчет до конца месяца'],
]);
