package dev.probation.scan;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Certificate checks turned off (CWE-295), SSRF (CWE-918), open redirect (CWE-601) and unrestricted
 * upload (CWE-434) in Python, Java and JavaScript, each next to secure look-alikes that must stay clean.
 */
class WebRulesTest {

    private final CodeScanner scanner = new CodeScanner();

    private List<String> cwes(String code, Language language) {
        return scanner.scanCode(code.replace("\\n", "\n"), language, "t").findings().stream().map(Finding::cwe).toList();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            requests verify=False      | CWE-295 | PYTHON | import requests\\ndef get(u):\\n    return requests.post(u, json={}, verify=False)
            httpx client verify=False  | CWE-295 | PYTHON | import httpx\\nclient = httpx.Client(verify=False)
            session.verify = False     | CWE-295 | PYTHON | import requests\\ns = requests.Session()\\ns.verify = False
            unverified context         | CWE-295 | PYTHON | import ssl, urllib.request\\nurllib.request.urlopen('https://x.example', context=ssl._create_unverified_context())
            CERT_NONE                  | CWE-295 | PYTHON | import ssl\\nctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)\\nctx.check_hostname = False\\nctx.verify_mode = ssl.CERT_NONE
            empty checkServerTrusted   | CWE-295 | JAVA   | class T implements X509TrustManager {\\n public void checkClientTrusted(X509Certificate[] c, String a) {}\\n public void checkServerTrusted(X509Certificate[] c, String a) {\\n  // trust everyone\\n }\\n public X509Certificate[] getAcceptedIssuers() { return null; } }
            verifier lambda true       | CWE-295 | JAVA   | class C { void f(HttpsURLConnection c) { c.setHostnameVerifier((h, s) -> true); } }
            verify method true         | CWE-295 | JAVA   | class V implements HostnameVerifier { public boolean verify(String host, SSLSession session) { return true; } }
            NoopHostnameVerifier       | CWE-295 | JAVA   | class C { CloseableHttpClient c() { return HttpClients.custom().setSSLHostnameVerifier(NoopHostnameVerifier.INSTANCE).build(); } }
            rejectUnauthorized false   | CWE-295 | JAVASCRIPT | const https = require('https');\\nhttps.get({ host: 'api.example.com', rejectUnauthorized: false }, r => r.resume());
            NODE_TLS env               | CWE-295 | JAVASCRIPT | process.env['NODE_TLS_REJECT_UNAUTHORIZED'] = '0';
            requests from query        | CWE-918 | PYTHON | from flask import request\\nimport requests\\n@app.route('/p')\\ndef p():\\n    return requests.get(request.args['u']).text
            urlopen of form data       | CWE-918 | PYTHON | from flask import request\\nfrom urllib.request import urlopen\\n@app.post('/p')\\ndef p():\\n    target = request.form.get('feed')\\n    return urlopen(target).read()
            httpx host interpolated    | CWE-918 | PYTHON | import httpx\\nfrom flask import request\\n@app.get('/s')\\ndef s():\\n    host = request.args['host']\\n    return httpx.get(f'http://{host}/status').text
            host before a constant     | CWE-918 | PYTHON | import requests\\nfrom flask import request\\n@app.get('/s')\\ndef s():\\n    return requests.get('https://api.example.com' + request.args['path']).text
            new URL openConnection     | CWE-918 | JAVA   | class S extends HttpServlet { void doGet(HttpServletRequest req, HttpServletResponse res) throws Exception { HttpURLConnection c = (HttpURLConnection) new URL(req.getParameter("u")).openConnection(); c.getInputStream(); } }
            HttpRequest newBuilder     | CWE-918 | JAVA   | class S extends HttpServlet { void doGet(HttpServletRequest req, HttpServletResponse res) throws Exception { HttpRequest r = HttpRequest.newBuilder(URI.create(req.getParameter("hook"))).build(); } }
            RestTemplate getForObject  | CWE-918 | JAVA   | @RestController class C { RestTemplate rest = new RestTemplate(); @GetMapping("/p") String p(@RequestParam String url) { return rest.getForObject(url, String.class); } }
            fetch of body url          | CWE-918 | JAVASCRIPT | app.post('/hook', async (req, res) => { const r = await fetch(req.body.url); res.send(String(r.status)); });
            axios config url           | CWE-918 | JAVASCRIPT | app.get('/p', async (req, res) => { const r = await axios({ method: 'get', url: req.query.target }); res.json(r.data); });
            http.get of query          | CWE-918 | JAVASCRIPT | const http = require('http');\\napp.get('/p', (req, res) => { http.get(req.query.u, r => r.pipe(res)); });
            flask redirect             | CWE-601 | PYTHON | from flask import request, redirect\\n@app.route('/go')\\ndef go():\\n    return redirect(request.args.get('to'))
            django redirect            | CWE-601 | PYTHON | from django.http import HttpResponseRedirect\\ndef done(request):\\n    return HttpResponseRedirect(request.GET.get('next'))
            only startswith slash      | CWE-601 | PYTHON | from flask import request, redirect\\n@app.route('/go')\\ndef go():\\n    to = request.args.get('to', '/')\\n    if not to.startswith('/'):\\n        to = '/'\\n    return redirect(to)
            sendRedirect               | CWE-601 | JAVA   | class S extends HttpServlet { void doGet(HttpServletRequest req, HttpServletResponse res) throws IOException { res.sendRedirect(req.getParameter("url")); } }
            redirect in a helper       | CWE-601 | JAVA   | class S extends HttpServlet { void doGet(HttpServletRequest req, HttpServletResponse res) throws IOException { forward(req.getParameter("next"), res); } private void forward(String target, HttpServletResponse res) throws IOException { if (target != null) { res.sendRedirect(target); } } }
            Location header            | CWE-601 | JAVA   | class S extends HttpServlet { void doGet(HttpServletRequest req, HttpServletResponse res) { res.setStatus(302); res.setHeader("Location", req.getParameter("u")); } }
            express redirect status    | CWE-601 | JAVASCRIPT | app.get('/out', (req, res) => res.redirect(302, req.query.url));
            koa redirect               | CWE-601 | JAVASCRIPT | router.get('/out', ctx => { ctx.redirect(ctx.request.query.next); });
            flask save any type        | CWE-434 | PYTHON | import os\\nfrom flask import request\\nfrom werkzeug.utils import secure_filename\\n@app.post('/u')\\ndef u():\\n    f = request.files['doc']\\n    name = secure_filename(f.filename)\\n    f.save(os.path.join('static', name))\\n    return 'ok'
            django storage save        | CWE-434 | PYTHON | import os\\nfrom django.core.files.storage import default_storage\\ndef up(request):\\n    f = request.FILES['file']\\n    default_storage.save(os.path.basename(f.name), f)
            spring transferTo          | CWE-434 | JAVA   | @RestController class U { @PostMapping("/u") void u(@RequestParam MultipartFile file) throws IOException { String n = Paths.get(file.getOriginalFilename()).getFileName().toString(); file.transferTo(new File("/srv/www/files", n)); } }
            FileItem write             | CWE-434 | JAVA   | class U extends HttpServlet { void doPost(HttpServletRequest req, HttpServletResponse res) throws Exception { for (FileItem item : upload.parseRequest(req)) { String name = FilenameUtils.getName(item.getName()); item.write(new File(DIR, name)); } } }
            multer originalname        | CWE-434 | JAVASCRIPT | const multer = require('multer');\\nconst storage = multer.diskStorage({ destination: 'public/', filename(req, file, cb) { cb(null, Date.now() + '-' + file.originalname); } });\\nmodule.exports = multer({ storage });
            """)
    void vulnerableCodeIsFound(String name, String cwe, Language language, String code) {
        assertThat(cwes(code, language)).as(name).contains(cwe);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            requests verify bundle     | CWE-295 | PYTHON | import requests\\ndef get(u):\\n    return requests.post(u, json={}, verify='/etc/ca.pem')
            verify True                | CWE-295 | PYTHON | import requests\\ndef get(u):\\n    return requests.get(u, verify=True)
            assert verify off in test  | CWE-295 | PYTHON | def check(ctx):\\n    return ctx.check_hostname
            delegating trust manager   | CWE-295 | JAVA   | class T implements X509TrustManager {\\n public void checkServerTrusted(X509Certificate[] c, String a) throws CertificateException { delegate.checkServerTrusted(c, a); }\\n public void checkClientTrusted(X509Certificate[] c, String a) {}\\n public X509Certificate[] getAcceptedIssuers() { return delegate.getAcceptedIssuers(); } }
            verifier that checks       | CWE-295 | JAVA   | class C { void f(HttpsURLConnection c) { c.setHostnameVerifier((h, s) -> h.equals("api.example.com")); } }
            rejectUnauthorized true    | CWE-295 | JAVASCRIPT | const https = require('https');\\nhttps.get({ host: 'api.example.com', ca, rejectUnauthorized: true }, r => r.resume());
            config url                 | CWE-918 | PYTHON | import os, requests\\ndef ping():\\n    return requests.get(os.environ['HEALTH_URL']).ok
            parameter of a helper      | CWE-918 | PYTHON | import requests\\ndef fetch(url):\\n    return requests.get(url, timeout=5).json()
            fixed host, path from user | CWE-918 | PYTHON | import requests\\nfrom flask import request\\n@app.get('/u')\\ndef u():\\n    return requests.get('https://api.example.com/users/' + request.args['id']).json()
            fixed host via format      | CWE-918 | PYTHON | import requests\\nfrom flask import request\\n@app.get('/u')\\ndef u():\\n    return requests.get('https://api.example.com/users/{}'.format(request.args['id'])).json()
            constant base url          | CWE-918 | PYTHON | import requests\\nfrom flask import request\\nBASE = 'https://api.example.com/v1/'\\n@app.get('/u')\\ndef u():\\n    return requests.get(BASE + request.args['id']).json()
            host allow-list            | CWE-918 | PYTHON | import requests\\nfrom urllib.parse import urlparse\\nfrom flask import request, abort\\n@app.get('/p')\\ndef p():\\n    u = request.args['u']\\n    if urlparse(u).hostname not in ALLOWED_HOSTS:\\n        abort(400)\\n    return requests.get(u).text
            Java host allow-list       | CWE-918 | JAVA   | class S extends HttpServlet { void doGet(HttpServletRequest req, HttpServletResponse res) throws Exception { URL u = new URL(req.getParameter("u")); if (!ALLOWED.contains(u.getHost())) { res.sendError(400); return; } u.openStream(); } }
            Java fixed host            | CWE-918 | JAVA   | class S extends HttpServlet { void doGet(HttpServletRequest req, HttpServletResponse res) throws Exception { new URL("https://api.example.com/items?id=" + URLEncoder.encode(req.getParameter("id"), "UTF-8")).openStream(); } }
            getContent of a page       | CWE-918 | JAVA   | class S { String f(Page results) { return results.getContent(); } }
            browser fetch              | CWE-918 | JAVASCRIPT | const q = new URLSearchParams(location.search).get('q');\\nfetch(this.endpoint + '?q=' + encodeURIComponent(q));
            JS fixed host template     | CWE-918 | JAVASCRIPT | app.get('/u', async (req, res) => { const r = await fetch(`https://api.example.com/users/${req.params.id}`); res.json(await r.json()); });
            url_for                    | CWE-601 | PYTHON | from flask import request, redirect, url_for\\n@app.route('/go')\\ndef go():\\n    return redirect(url_for('item', id=request.args.get('id')))
            django safe url            | CWE-601 | PYTHON | from django.utils.http import url_has_allowed_host_and_scheme\\nfrom django.shortcuts import redirect\\ndef done(request):\\n    nxt = request.GET.get('next', '/')\\n    if not url_has_allowed_host_and_scheme(nxt, allowed_hosts={request.get_host()}):\\n        nxt = '/'\\n    return redirect(nxt)
            relative and not double    | CWE-601 | PYTHON | from flask import request, redirect\\n@app.route('/go')\\ndef go():\\n    to = request.args.get('to', '/')\\n    if not to.startswith('/') or to.startswith('//'):\\n        to = '/'\\n    return redirect(to)
            fixed first segment        | CWE-601 | PYTHON | from flask import request, redirect\\n@app.route('/go')\\ndef go():\\n    return redirect('/users/' + request.args['name'])
            Java allow-list redirect   | CWE-601 | JAVA   | class S extends HttpServlet { void doGet(HttpServletRequest req, HttpServletResponse res) throws IOException { String to = req.getParameter("to"); if (!PAGES.contains(to)) { to = "/home"; } res.sendRedirect(to); } }
            helper given a constant    | CWE-601 | JAVA   | class S extends HttpServlet { void doGet(HttpServletRequest req, HttpServletResponse res) throws IOException { forward("/home", res); } private void forward(String target, HttpServletResponse res) throws IOException { res.sendRedirect(target); } }
            Java constant redirect     | CWE-601 | JAVA   | class S extends HttpServlet { void doGet(HttpServletRequest req, HttpServletResponse res) throws IOException { res.sendRedirect(req.getContextPath() == null ? "/" : "/login"); } }
            Express allow-list         | CWE-601 | JAVASCRIPT | const PAGES = new Set(['/a', '/b']);\\napp.get('/out', (req, res) => { const to = req.query.to; if (!PAGES.has(to)) return res.redirect('/'); res.redirect(to); });
            flask allowed_file         | CWE-434 | PYTHON | import os\\nfrom flask import request, abort\\nfrom werkzeug.utils import secure_filename\\n@app.post('/u')\\ndef u():\\n    f = request.files['doc']\\n    if not allowed_file(f.filename):\\n        abort(400)\\n    f.save(os.path.join('static', secure_filename(f.filename)))
            flask server-made name     | CWE-434 | PYTHON | import os, uuid\\nfrom flask import request\\n@app.post('/u')\\ndef u():\\n    f = request.files['doc']\\n    f.save(os.path.join('store', uuid.uuid4().hex))
            flask mimetype check       | CWE-434 | PYTHON | import os\\nfrom flask import request, abort\\nfrom werkzeug.utils import secure_filename\\n@app.post('/u')\\ndef u():\\n    f = request.files['img']\\n    if f.mimetype not in ('image/png', 'image/jpeg'):\\n        abort(415)\\n    f.save(os.path.join('static', secure_filename(f.filename)))
            Java extension check       | CWE-434 | JAVA   | class U extends HttpServlet { void doPost(HttpServletRequest req, HttpServletResponse res) throws Exception { Part p = req.getPart("f"); String n = Paths.get(p.getSubmittedFileName()).getFileName().toString(); if (!n.toLowerCase().endsWith(".pdf")) { res.sendError(400); return; } p.write("/srv/docs/" + n); } }
            multer with fileFilter     | CWE-434 | JAVASCRIPT | const multer = require('multer');\\nconst storage = multer.diskStorage({ destination: 'public/', filename(req, file, cb) { cb(null, file.originalname); } });\\nmodule.exports = multer({ storage, fileFilter: (req, file, cb) => cb(null, file.mimetype === 'image/png') });
            multer memory storage      | CWE-434 | JAVASCRIPT | const multer = require('multer');\\nmodule.exports = multer({ storage: multer.memoryStorage() });
            """)
    void secureLookAlikesAreClean(String name, String cwe, Language language, String code) {
        assertThat(cwes(code, language)).as(name).doesNotContain(cwe);
    }
}
