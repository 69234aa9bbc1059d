import { appendFileSync } from 'node:fs';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { connectorContract } from '../testing/contract-suite.js';
import { writeMarketRegistryFile } from '../../src/simulator/market-registry.outlet.js';
import { startMarketFeedOutlet } from '../../src/simulator/market-feed.outlet.js';

connectorContract('market-registry', {
  async setup({ world, dir }) {
    const file = await writeMarketRegistryFile(world, join(dir, 'market'), '20261101');
    appendFileSync(file, iconv.encode('91340100MA8NEH400Q,,合肥测试有限公司,只有四列\r\n', 'gb18030'));
    process.env.CONTRACT_MARKET_KEY = 'contract-key';
    const feed = await startMarketFeedOutlet(world, { apiKey: 'contract-key' });
    return {
      options: { dir: join(dir, 'market'), batchSize: 10, feed: { baseUrl: feed.url, apiKeyEnv: 'CONTRACT_MARKET_KEY', limit: 10 } },
      unreachableOptions: { dir: join(dir, 'nowhere') },
      badRecordReason: 'CSV_RAGGED_ROW',
      stop: () => feed.close(),
    };
  },
});
