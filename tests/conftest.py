import os
import sys

# scikit-learn runs its array API common check only with this set, and it must
# be set before scipy is imported.
os.environ.setdefault("SCIPY_ARRAY_API", "1")
sys.path.insert(0, os.path.dirname(__file__))
