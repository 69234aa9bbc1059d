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
  var defaultQuery = [
    '# govgraph: one linked graph of enterprises, parcels and buildings.',
    '# Try: an enterprise list for Hefei, with links across departments.',
    'query HefeiEnterprises {',
    '  enterprises(first: 5, filter: { divisionCode: { within: "340100" } }) {',
    '    totalCount',
    '    edges {',
    '      node {',
    '        uscc name status divisionCode',
    '        taxRating { year rating }',
    '        licenses { typeName validTo status }',
    '        parcels { parcelCode landUseName events { stage occurredOn } }',
    '        provenance { sourceId fetchedAt }',
    '      }',
    '    }',
    '  }',
    '}',
    '',
  ].join('\n');
  var root = ReactDOM.createRoot(document.getElementById('graphiql'));
  root.render(React.createElement(GraphiQL, {
    fetcher: fetcher,
    defaultQuery: defaultQuery,
    defaultHeaders: Object.keys(headers).length ? JSON.stringify(headers, null, 2) : undefined,
    defaultEditorToolsVisibility: true,
  }));
})();
