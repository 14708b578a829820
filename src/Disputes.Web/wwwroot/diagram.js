// Drag to pan any [data-pan] region (the workflow diagrams): pointer down, move, up. Scrolling and arrow keys work as well.
(function () {
  let drag = null;
  document.addEventListener('pointerdown', e => {
    const region = e.target.closest && e.target.closest('[data-pan]');
    if (!region || e.button !== 0 || e.pointerType !== 'mouse') return;
    drag = { region, x: e.clientX, y: e.clientY, left: region.scrollLeft, top: region.scrollTop };
    region.classList.add('panning');
  });
  document.addEventListener('pointermove', e => {
    if (!drag) return;
    drag.region.scrollLeft = drag.left - (e.clientX - drag.x);
    drag.region.scrollTop = drag.top - (e.clientY - drag.y);
  });
  const end = () => { if (drag) drag.region.classList.remove('panning'); drag = null; };
  document.addEventListener('pointerup', end);
  document.addEventListener('pointercancel', end);
})();
