/* govgraph GraphiQL bootstrap: served locally, no CDN. */
(function () {
  var settings = JSON.parse(document.getElementById('govgraph-graphiql').textContent || '{}');
  var headers = settings.defaultHeaders || {};
  // Queries and mutations over HTTP; subscriptions over graphql-ws on the same path
  // (GraphiQL passes the headers as the connection_init payload, so the same key works).
  var loc = window.location;
  var fetcher = GraphiQL.createFetcher({
    url: loc.pathname,
    subscriptionUrl: (loc.protocol === 'https:' ? 'wss://' : 'ws://') + loc.host + loc.pathname,
  });
  // One tab per saved example operation (server/graphiql-examples.ts), the first one open.
  var examples = settings.examples || [];
  var headerText = Object.keys(headers).length ? JSON.stringify(headers, null, 2) : undefined;
  var tabs = examples.map(function (e) {
    return { query: '# ' + e.title + '\n' + e.query + '\n', variables: e.variables ? JSON.stringify(e.variables, null, 2) : undefined, headers: headerText };
  });
  var root = ReactDOM.createRoot(document.getElementById('graphiql'));
  root.render(React.createElement(GraphiQL, {
    fetcher: fetcher,
    defaultQuery: tabs.length ? tabs[0].query : undefined,
    defaultTabs: tabs,
    defaultHeaders: headerText,
    defaultEditorToolsVisibility: true,
    // Click-to-build queries from the schema (the Explorer), beside the docs.
    plugins: [GraphiQLPluginExplorer.explorerPlugin()],
  }));
})();
