// Starts GraphiQL under a strict Content-Security-Policy (served by server/graphiql.ts): no inline
// script, so the options come from a JSON data block, and Monaco's workers from this server.
'use strict';
(function () {
  var options = JSON.parse(document.getElementById('graphiql-options').textContent);
  var workers = options.workers;
  self.MonacoEnvironment = {
    globalAPI: false,
    getWorkerUrl: function (_moduleId, label) {
      return workers[label] || workers.editorWorkerService;
    },
  };
  // Deferred scripts run in order before DOMContentLoaded, so YogaGraphiQL exists by then.
  document.addEventListener('DOMContentLoaded', function () {
    YogaGraphiQL.renderYogaGraphiQL(document.getElementById('root'), options.graphiql);
  });
})();
