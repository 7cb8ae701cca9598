"""The desk <-> hub contract, one copy for both sides: the wire format of batches and
answers (wire), the sealed envelope (envelope), the payload sealed inside it (payload)
and the USB bundle (bundle). The desk writes them, the hub reads them; neither side keeps
a second version of any of it."""
