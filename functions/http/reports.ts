import { httpFunction, replyText } from '../../shared/http/function';
import { gridTableCsv, monthlyGridTableOf } from '../../shared/requests/monthly-grids';
import { monthlyReportOf } from '../../shared/requests/monthly-report';
import { reportRoutes } from '../../shared/requests/report-routes';

export const handler = httpFunction(reportRoutes, {
  async monthlyReport({ identity, query }) {
    return monthlyReportOf(identity, query.scope, query.month, new Date());
  },
  async monthlyGridTable({ identity, query }) {
    const table = await monthlyGridTableOf(identity, query.scope, query.month, new Date());
    if (query.format === 'json') return table;
    return replyText(gridTableCsv(table), 'text/csv; charset=utf-8', {
      'content-disposition': `attachment; filename="grids-${table.scope.id}-${table.month}.csv"`,
    });
  },
});
