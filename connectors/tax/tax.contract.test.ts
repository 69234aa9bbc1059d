import { connectorContract } from '../testing/contract-suite.js';
import { loadTaxExchange } from '../../src/simulator/tax.outlet.js';

connectorContract('tax', {
  async setup({ world, database }) {
    await loadTaxExchange(world, database);
    await database.exec(`insert into tax_exchange.taxpayer_t values ('91340100MA8NEH400Q', '测试', '不存在的状态', null, null, '2026-01-01T00:00:00Z')`);
    return {
      options: { dsn: 'embedded', pageSize: 50 },
      unreachableOptions: { dsn: 'postgres://nobody@127.0.0.1:9/none' },
      badRecordReason: 'BAD_ENUM',
      stop: async () => {},
    };
  },
});
