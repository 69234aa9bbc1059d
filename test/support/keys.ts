/**
 * test/support/keys
 *
 * The demo API keys (demo-only, printed in the README; govgraph.demo.json holds their
 * SHA-256 only).
 */
export const DEMO_KEYS = {
  market: 'gg_market-demo.elwongnpBLXsbpuIdq1LF24PnIfU0JLs',
  marketShushan: 'gg_market-shushan-demo.7LlfJag8WUsL8zT2mFwgd1Alj0I0tmBr',
  marketApp: 'gg_market-app-demo.CMvQ43Fks3YnehBVKL6Zw57POvUH6XZ3',
  land: 'gg_land-demo.P0a-zF7hy-CJqn3h4amcBUyo-MmY9DmX',
  tax: 'gg_tax-demo.LwSvViS4W7NROusFktZTTT34DgJdddWP',
  finance: 'gg_finance-demo.urUaue3fyIbX9Zou-7oCG-bJsW-ISmSd',
  analyst: 'gg_analyst-demo.zz0ZoEqklY_AMaabTXIDKp0MpnpixbO-',
  admin: 'gg_admin-demo.AAKtD6AStKyOW6OHrOzcaWTmxl4FCYqI',
} as const;

export const bearer = (key: string) => `Bearer ${key}`;
