# Runs Debian's bandit 1.6.2 with its string-literal checks working on Python 3.8+.
# bandit 1.6 visits ast.Str/ast.Bytes nodes, which Python 3.8+ no longer produces (it makes
# ast.Constant), so B105 (password strings) and B608 (SQL built from strings) never run.
# This routes string and bytes constants back to those visitors; nothing else changes.
# Used only by scripts/bench-scan, to compare fairly.
import sys
import warnings

warnings.filterwarnings("ignore", category=DeprecationWarning)
from bandit.core import node_visitor  # noqa: E402


def visit_constant(self, node):
    if isinstance(node.value, str):
        self.visit_Str(node)
    elif isinstance(node.value, bytes):
        self.visit_Bytes(node)
    else:
        self.update_scores(self.tester.run_tests(self.context, "Constant"))


node_visitor.BanditNodeVisitor.visit_Constant = visit_constant
from bandit.cli.main import main  # noqa: E402

sys.exit(main())
