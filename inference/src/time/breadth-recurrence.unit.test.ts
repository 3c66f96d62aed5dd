import { checkRest, checkTable } from './testing';

/** CONVENTIONS rules 18 (more recurrence) and 19 (COUNT and UNTIL). */

const MSK = '2026-03-12T10:15:00+03:00'; // Thursday

checkTable('rule 18: every other week on a weekday (first: rule 6, strictly after today), every half hour', {
  now: MSK,
  tz: 'Europe/Moscow',
  rows: [
    ['каждые 2 недели в пятницу уборка', '2026-03-13T09:00:00+03:00', 'FREQ=WEEKLY;INTERVAL=2;BYDAY=FR'],
    ['remind me every other friday at 6pm to play chess', '2026-03-13T18:00:00+03:00', 'FREQ=WEEKLY;INTERVAL=2;BYDAY=FR'],
    ['remind me every 2 weeks on monday to water the ferns', '2026-03-16T09:00:00+03:00', 'FREQ=WEEKLY;INTERVAL=2;BYDAY=MO'],
    ['раз в две недели по четвергам в 19:00 бассейн', '2026-03-19T19:00:00+03:00', 'FREQ=WEEKLY;INTERVAL=2;BYDAY=TH'],
    ['каждые полчаса пить воду', '2026-03-12T10:45:00+03:00', 'FREQ=MINUTELY;INTERVAL=30'],
    ['remind me every half hour to stand up', '2026-03-12T10:45:00+03:00', 'FREQ=MINUTELY;INTERVAL=30'],
  ],
});

checkTable('rule 18: ordinal weekdays of the month (today counts)', {
  now: MSK,
  tz: 'Europe/Moscow',
  rows: [
    ['в первый понедельник месяца в 10 собрание жильцов', '2026-04-06T10:00:00+03:00', 'FREQ=MONTHLY;BYDAY=1MO'],
    ['каждый первый четверг месяца в 18:00 книжный клуб', '2026-04-02T18:00:00+03:00', 'FREQ=MONTHLY;BYDAY=1TH'],
    ['в последнюю пятницу месяца сдать табель', '2026-03-27T09:00:00+03:00', 'FREQ=MONTHLY;BYDAY=-1FR'],
    ['во второй четверг месяца в 12 созвон с партнерами', '2026-03-12T12:00:00+03:00', 'FREQ=MONTHLY;BYDAY=2TH'],
    ['remind me on the second tuesday of every month to pay tax', '2026-04-14T09:00:00+03:00', 'FREQ=MONTHLY;BYDAY=2TU'],
    ['remind me on the last sunday of the month to back up photos', '2026-03-29T09:00:00+03:00', 'FREQ=MONTHLY;BYDAY=-1SU'],
    ['remind me on the first monday of each month at 8am to plan', '2026-04-06T08:00:00+03:00', 'FREQ=MONTHLY;BYDAY=1MO'],
  ],
});

checkTable('rule 18: a month with five Fridays (May 2026): the last is the 29th', {
  now: '2026-05-23T12:00:00+03:00',
  tz: 'Europe/Moscow',
  rows: [
    ['в последнюю пятницу месяца заказать воду', '2026-05-29T09:00:00+03:00', 'FREQ=MONTHLY;BYDAY=-1FR'],
    ['remind me on the first friday of the month to review', '2026-06-05T09:00:00+03:00', 'FREQ=MONTHLY;BYDAY=1FR'],
  ],
});

checkTable('rule 18: February (2027: four Fridays, the last the 26th)', {
  now: '2027-02-01T12:00:00+03:00',
  tz: 'Europe/Moscow',
  rows: [
    ['в последнюю пятницу месяца оплатить хостинг', '2027-02-26T09:00:00+03:00', 'FREQ=MONTHLY;BYDAY=-1FR'],
    // Monday 1 February 12:00: 09:00 has passed, the next first Monday is 1 March.
    ['в первый понедельник месяца проверить счетчики', '2027-03-01T09:00:00+03:00', 'FREQ=MONTHLY;BYDAY=1MO'],
    ['в первый понедельник месяца в 15:00 проверить счетчики', '2027-02-01T15:00:00+03:00', 'FREQ=MONTHLY;BYDAY=1MO'],
  ],
});

checkTable('rule 18 across DST: the last Sunday of March is the day the clocks go forward (Berlin)', {
  now: '2026-03-20T12:00:00+01:00',
  tz: 'Europe/Berlin',
  rows: [['remind me on the last sunday of the month at 10am to call home', '2026-03-29T10:00:00+02:00', 'FREQ=MONTHLY;BYDAY=-1SU']],
});

checkTable('rule 19: counts', {
  now: MSK,
  tz: 'Europe/Moscow',
  rows: [
    ['каждый день в течение недели в 8 пить таблетки', '2026-03-13T08:00:00+03:00', 'FREQ=DAILY;COUNT=7'],
    ['каждый день в течение 10 дней делать зарядку', '2026-03-13T09:00:00+03:00', 'FREQ=DAILY;COUNT=10'],
    ['каждый вечер 3 раза проверить почту', '2026-03-12T19:00:00+03:00', 'FREQ=DAILY;COUNT=3'],
    ['каждые 3 часа 4 раза капать капли', '2026-03-12T13:15:00+03:00', 'FREQ=HOURLY;INTERVAL=3;COUNT=4'],
    ['remind me every day for 10 days to stretch', '2026-03-13T09:00:00+03:00', 'FREQ=DAILY;COUNT=10'],
    ['remind me every day for 2 weeks at 7pm to practise', '2026-03-12T19:00:00+03:00', 'FREQ=DAILY;COUNT=14'],
    ['remind me every tuesday for 3 weeks to call the clinic', '2026-03-17T09:00:00+03:00', 'FREQ=WEEKLY;BYDAY=TU;COUNT=3'],
    ['remind me every 6 hours 2 times to take the pill', '2026-03-12T16:15:00+03:00', 'FREQ=HOURLY;INTERVAL=6;COUNT=2'],
    ['remind me every morning 5 times to meditate', '2026-03-13T09:00:00+03:00', 'FREQ=DAILY;COUNT=5'],
    ['remind me 3 times every 10 minutes to check the pot', '2026-03-12T10:25:00+03:00', 'FREQ=MINUTELY;INTERVAL=10;COUNT=3'],
    ['каждую среду 6 раз в 18:00 занятие', '2026-03-18T18:00:00+03:00', 'FREQ=WEEKLY;BYDAY=WE;COUNT=6'],
    // A frequency per day is no count (not covered: no rule at all).
    ['2 раза в день пить таблетки', null],
  ],
});

checkTable('rule 19: end dates (the last second of that local day, in UTC)', {
  now: MSK,
  tz: 'Europe/Moscow',
  rows: [
    ['каждый день до 20 марта в 21:00 гулять', '2026-03-12T21:00:00+03:00', 'FREQ=DAILY;UNTIL=20260320T205959Z'],
    ['по будням до 31 марта в 7:30 будильник', '2026-03-13T07:30:00+03:00', 'FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR;UNTIL=20260331T205959Z'],
    // Today's date is today.
    ['каждый час до 12 марта пить воду', '2026-03-12T11:15:00+03:00', 'FREQ=HOURLY;UNTIL=20260312T205959Z'],
    // A date already past is next year's (rule 8).
    ['каждый день до 1 марта зарядка', '2026-03-13T09:00:00+03:00', 'FREQ=DAILY;UNTIL=20270301T205959Z'],
    ['remind me every day until april 5 to water the seeds', '2026-03-13T09:00:00+03:00', 'FREQ=DAILY;UNTIL=20260405T205959Z'],
    // With no recurrence, "до 20 марта" is the date itself.
    ['до 20 марта сдать декларацию', '2026-03-20T09:00:00+03:00'],
  ],
});

checkTable('rule 19 across DST: UNTIL in UTC from the local day (New York, clocks forward 8 March)', {
  now: '2026-03-05T12:00:00-05:00',
  tz: 'America/New_York',
  rows: [
    ['remind me every day at 9pm until march 10 to journal', '2026-03-05T21:00:00-05:00', 'FREQ=DAILY;UNTIL=20260311T035959Z'],
    ['remind me every day at 9pm until march 6 to journal', '2026-03-05T21:00:00-05:00', 'FREQ=DAILY;UNTIL=20260307T045959Z'],
  ],
});

checkTable("rule 19: UNTIL ends the user's local day even when the time is read in another zone", {
  now: '2026-03-12T10:15:00+01:00',
  tz: 'Europe/Berlin',
  rows: [['каждый день в 10 по мск до 20 марта созвон', '2026-03-13T08:00:00+01:00', 'FREQ=DAILY;UNTIL=20260320T225959Z']],
});

checkTable('rule 19: a duration with no recurrence is still an offset', {
  now: MSK,
  tz: 'Europe/Moscow',
  intent: 'snooze',
  rows: [['snooze it for 2 days', '2026-03-14T10:15:00+03:00']],
});

checkRest('rules 18–19: the whole rule leaves the text', [
  ['в последнюю пятницу месяца заказать пиццу', 'заказать пиццу'],
  ['remind me on the first monday of every month to test the alarm', 'remind me to test the alarm'],
  ['каждый понедельник в течение 4 недель взвешиваться', 'взвешиваться'],
  ['remind me to take the antibiotic every 8 hours 3 times', 'remind me to take the antibiotic'],
  ['каждый день до 20 декабря пить витамины', 'пить витамины'],
  // With no recurrence a count is the text's.
  ['завтра сделать 20 раз отжимания', 'сделать 20 раз отжимания'],
  ['remind me tomorrow to knock 3 times', 'remind me to knock 3 times'],
]);
