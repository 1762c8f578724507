import quill
from quill.db import run_sql, quote


@quill.page("/orders")
def orders(page):
    customer = quill.request.arg("customer")
    run_sql(customer)
    run_sql(quote(customer))


@quill.page("/export")
def export(page):
    quill.shell.run(f"tar czf /backups/{quill.request.form['name']}.tgz /srv/orders")
