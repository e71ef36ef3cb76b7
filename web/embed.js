/* Embeds the Kestrel search box in another site's page:
     <div data-kestrel-search></div>
     <script src="https://search.clinic.example/embed.js" async></script>
   It loads the widget's script and styles from the server it came from and points the widget
   at that server's API. The server must list the page's origin with --cors-origin. */
(function () {
  'use strict';
  var me = document.currentScript;
  if (!me || !me.src) return;
  var origin = new URL(me.src).origin;
  var css = document.createElement('link');
  css.rel = 'stylesheet';
  css.href = origin + '/static/style.css';
  document.head.appendChild(css);
  var app = document.createElement('script');
  app.src = origin + '/static/app.js';
  app.setAttribute('data-api', origin);
  document.head.appendChild(app);
})();
