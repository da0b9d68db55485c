import { httpFunction } from '../../shared/http/function';
import { monthlyReportOf } from '../../shared/requests/monthly-report';
import { reportRoutes } from '../../shared/requests/routes';

export const handler = httpFunction(reportRoutes, {
  async monthlyReport({ identity, query }) {
    return monthlyReportOf(identity, query.scope, query.month, new Date());
  },
});
