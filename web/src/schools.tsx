// The school a coordinator's page is about (the schedule board, each para's
// week to print, the students' needs by block): the one the address names,
// among the schools the person may schedule, or else the first of them.
import type { ComponentChildren } from 'preact';
import { Empty, Loaded, useLoad } from './components';
import { type School, schedulableSchools } from './lib/schedule';

interface ForSchoolProps {
  // The school the address names (0 for none).
  schoolId: number;
  // The signed-in person's own school; null for a district administrator.
  staffSchoolId: number | null;
  children: (school: School, list: School[]) => ComponentChildren;
}

export function ForSchool({ schoolId, staffSchoolId, children }: ForSchoolProps) {
  const schools = useLoad(() => schedulableSchools(staffSchoolId), [staffSchoolId]);
  return (
    <Loaded load={schools} what="the schools">
      {(list) => {
        const school = list.find((item) => item.id === schoolId) ?? list[0];
        if (!school)
          return (
            <Empty>
              <p>No schools you can schedule.</p>
            </Empty>
          );
        return children(school, list);
      }}
    </Loaded>
  );
}
