// Every IEP service paras deliver, over the week of a schedule the board
// shows: the minutes the IEP requires, the make-up owed for sessions missed
// in earlier weeks, the minutes the schedule gives it and the minutes
// delivered so far (the week's service sessions recorded as delivered), and
// what is still to give (capability 8: required vs scheduled vs delivered,
// with make-up owed). From `GET /api/v1/schedules/{id}/minutes`, the same
// figures as the workbook's "IEP minutes" sheet.
import type { PageProps } from '../app';
import { Empty, Loaded, PageHeading, isDate, longDate, plural, schoolDay, today, useLoad } from '../components';
import { api } from '../lib/api';
import { words } from '../lib/brief';
import { type Json, list, number, text } from '../lib/json';

interface ServiceMinutes {
  studentName: string;
  serviceId: number;
  type: string;
  setting: string;
  required: number;
  makeup: number;
  scheduled: number;
  delivered: number;
  toGive: number; // the server's still_to_give: what is owed less what was delivered
}

interface WeekMinutes {
  week: string;
  status: string;
  services: ServiceMinutes[];
}

async function readMinutes(scheduleId: number): Promise<WeekMinutes> {
  const json = await api.get<Json>(`/schedules/${scheduleId}/minutes`);
  return {
    week: text(json.week),
    status: text(json.status),
    services: list(json.services).map((item) => ({
      studentName: text(item.student_name),
      serviceId: number(item.service_id),
      type: text(item.type),
      setting: text(item.setting),
      required: number(item.minutes_per_week),
      makeup: number(item.makeup_minutes),
      scheduled: number(item.scheduled_minutes),
      delivered: number(item.delivered_minutes),
      toGive: number(item.still_to_give),
    })),
  };
}

const due = (service: ServiceMinutes) => service.required + service.makeup;

export default function ScheduleMinutesPage({ query }: PageProps) {
  const scheduleId = Number(query.get('schedule')) || 0;
  const schoolId = Number(query.get('school')) || 0;
  const asked = query.get('date') ?? '';
  const date = isDate(asked) ? asked : schoolDay(today());
  const minutes = useLoad(() => readMinutes(scheduleId), [scheduleId]);
  return (
    <>
      <PageHeading title="IEP minutes this week" />
      <p>
        <a href={`/schedule?school=${schoolId}&date=${date}`}>Back to the schedule board</a>
      </p>
      <Loaded load={minutes} what="the week's IEP minutes">
        {(week) => <Week week={week} />}
      </Loaded>
    </>
  );
}

function Week({ week }: { week: WeekMinutes }) {
  const short = week.services.filter((service) => service.scheduled < due(service)).length;
  const owing = week.services.filter((service) => service.toGive > 0);
  const minutesToGive = owing.reduce((sum, service) => sum + service.toGive, 0);
  return (
    <>
      <p class="minutes-week">
        Week of {longDate(week.week, { weekday: true })}
        {week.status === 'published' ? ', as the paras work it.' : ': a draft schedule, not yet published.'}
      </p>
      {week.services.length === 0 ? (
        <Empty>
          <p>
            <strong>No IEP service is delivered by paras this week.</strong>
          </p>
        </Empty>
      ) : (
        <>
          <p class="minutes-summary">
            {plural(week.services.length, 'service', 'services')}: {short === 0 ? 'the schedule gives every one its minutes' : `the schedule gives ${plural(short, 'service', 'services')} fewer minutes than due`}; {owing.length === 0 ? 'every one has had its minutes delivered.' : `${minutesToGive.toLocaleString('en-US')} ${minutesToGive === 1 ? 'minute' : 'minutes'} still to give to ${plural(owing.length, 'service', 'services')}.`}
          </p>
          <div class="table-wrap" tabIndex={0} role="region" aria-label="IEP minutes this week">
            <table class="minutes-table">
              <caption>Minutes of each IEP service this week: due (required and make-up owed), scheduled and delivered so far</caption>
              <thead>
                <tr>
                  <th scope="col">Student</th>
                  <th scope="col">Service</th>
                  <th scope="col">Required a week</th>
                  <th scope="col">Make-up owed</th>
                  <th scope="col">Scheduled</th>
                  <th scope="col">Delivered so far</th>
                  <th scope="col">Still to give</th>
                </tr>
              </thead>
              <tbody>
                {week.services.map((service) => (
                  <tr key={service.serviceId} class={service.scheduled < due(service) ? 'minutes-short' : undefined}>
                    <th scope="row">{service.studentName}</th>
                    <td>
                      {words(service.type)}, {words(service.setting).toLowerCase()}
                    </td>
                    <td>{service.required}</td>
                    <td>{service.makeup}</td>
                    <td>
                      {service.scheduled}
                      {service.scheduled < due(service) && <span class="minutes-flag"> (short)</span>}
                    </td>
                    <td>{service.delivered}</td>
                    <td>{service.toGive}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </>
  );
}
