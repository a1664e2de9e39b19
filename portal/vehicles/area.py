from ..areas import Area

# The pages (requests, dispatch, the gate, fuel, repairs) come with their views; so far the
# area holds its rules and its tables.
AREA = Area("vehicles")
